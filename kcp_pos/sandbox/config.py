"""The sandbox's settings: where it keeps its data, how it listens, and the UNCONFIRMED switches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_IMP_KEY = "imp_apikey"
"""The public PortOne demo key (reference §2); not a secret."""

DEFAULT_IMP_SECRET = (
    "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f"
)
"""The public PortOne demo secret (reference §2); not a secret."""

ONETIME_DECLINE_STYLES = ("failed", "code-1")


@dataclass(frozen=True)
class SandboxConfig:
    """How one sandbox instance behaves. Tests make their own with small `token_ttl` values."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0  # 0 = ephemeral
    imp_key: str = DEFAULT_IMP_KEY
    imp_secret: str = DEFAULT_IMP_SECRET
    token_ttl: int = 1800  # seconds
    site_code: str = "A7NC2"  # KCP site code reported as pg_id
    customer_not_found_status: int = 404  # reference §4.2: 404 (swagger) or 200 (older behaviour)
    onetime_decline_style: str = "failed"  # "failed" (code 0 + status failed) or "code-1" (§11.1)
    pwd_2digit_required: bool = False
    escrow_key_in: bool = False  # sandbox-only: `"escrow": true` on onetime (docs/sandbox.md)

    def __post_init__(self) -> None:
        if self.customer_not_found_status not in (200, 404):
            raise ValueError("customer_not_found_status must be 200 or 404")
        if self.onetime_decline_style not in ONETIME_DECLINE_STYLES:
            raise ValueError(f"onetime_decline_style must be one of {ONETIME_DECLINE_STYLES}")
        if self.token_ttl < 1:
            raise ValueError("token_ttl must be at least one second")
