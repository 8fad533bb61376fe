"""Operators the tests act as: the services check roles, so a test says who acts."""

from __future__ import annotations

from typing import Final

from kcp_pos.services.operator import Operator, Role

MANAGER: Final = Operator("매니저", Role.MANAGER)
"""May refund, delete billing keys, revoke schedules and run batches."""
ADMIN: Final = Operator("관리자", Role.ADMIN)
CLERK: Final = Operator("이점원", Role.CLERK)
