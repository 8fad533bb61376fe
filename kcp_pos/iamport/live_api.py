"""Where PortOne's real V1 API is. Kept apart from the client so that the settings (read before
the first window) can name it without loading httpx and pydantic."""

from __future__ import annotations

from typing import Final

LIVE_API_URL: Final = "https://api.iamport.kr"
