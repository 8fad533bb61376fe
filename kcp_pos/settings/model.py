"""The application settings, each declared once with its type, default and parser (Electrum-style).

`Settings` is an immutable dataclass. Every field's metadata holds the parser that turns a JSON
value (or a value a caller passes in) into the field's type, so the same rule checks a file on
disk, the settings form and code that builds `Settings` directly. Secrets are NOT settings: the
API key and secret live in the OS keychain (see `secrets.py`).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from kcp_pos.domain.language import Language


class Profile(enum.StrEnum):
    """Which API the terminal talks to."""

    SANDBOX = "sandbox"  # the embedded emulator: no money moves
    LIVE = "live"  # api.iamport.kr with the merchant's own key and secret


class SettingsError(ValueError):
    """A settings value that does not fit its field; `field_name` says which one."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field_name = field_name
        self.message = message


Parser = Callable[[object], Any]

_PG_PATTERN = re.compile(r"kcp(\.[A-Za-z0-9]{1,20})?")
_MAX_TEXT = 200


def _parse_enum(enum_type: type[enum.StrEnum]) -> Parser:
    def parse(value: object) -> enum.StrEnum:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                pass
        allowed = ", ".join(member.value for member in enum_type)
        raise ValueError(f"expected one of {allowed}, got {value!r}")

    return parse


def _parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _parse_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = value.strip()
    if len(text) > _MAX_TEXT:
        raise ValueError(f"longer than {_MAX_TEXT} characters")
    return text


def _parse_pg(value: object) -> str:
    text = _parse_text(value)
    if not _PG_PATTERN.fullmatch(text):
        raise ValueError("PG must be 'kcp' or 'kcp.{site_cd}' (letters and digits)")
    return text


def _parse_merchant_code(value: object) -> str:
    """Empty (not set) or PortOne's 가맹점 식별코드: `imp` and eight digits."""
    text = _parse_text(value)
    if text and not re.fullmatch(r"imp[0-9]{8}", text):
        raise ValueError("merchant code must be 'imp' followed by 8 digits")
    return text


def _parse_site_code(value: object) -> str:
    """Empty (not set) or a KCP site code (letters and digits)."""
    text = _parse_text(value)
    if text and not re.fullmatch(r"[A-Za-z0-9]{1,20}", text):
        raise ValueError("site code must be letters and digits")
    return text


def _parse_business_number(value: object) -> str:
    """Empty (not set yet) or ten digits with a valid check digit; dashes are dropped."""
    text = _parse_text(value).replace("-", "").replace(" ", "")
    if text == "":
        return ""
    # Imported here: the domain's validators are not needed to show the first window.
    from kcp_pos.domain.card_owner import business_number_check_digit

    if not (len(text) == 10 and text.isascii() and text.isdigit()) or (
        business_number_check_digit(text[:9]) != int(text[9])
    ):
        raise ValueError("business registration number must be 10 digits with a valid check digit")
    return text


def _parse_phone(value: object) -> str:
    """Empty (not set) or a Korean phone number (a landline such as 02-123-4567 too), kept in
    its dashed form."""
    text = _parse_text(value)
    if text == "":
        return ""
    from kcp_pos.domain.phone import validate_buyer_tel  # not needed for the first window
    from kcp_pos.domain.result import Ok

    checked = validate_buyer_tel(text)
    if not isinstance(checked, Ok) or checked.value is None:
        raise ValueError("phone must be a Korean phone number such as 02-123-4567")
    return checked.value


IDLE_LOCK_LIMIT_MINUTES: Final = 240


def _parse_idle_minutes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number of minutes, got {value!r}")
    if not 0 <= value <= IDLE_LOCK_LIMIT_MINUTES:
        raise ValueError(f"expected 0 to {IDLE_LOCK_LIMIT_MINUTES} minutes")
    return value


def _parse_optional_path(value: object) -> Path | None:
    if value is None or value == "":
        return None
    if isinstance(value, Path):
        return value
    if isinstance(value, str):
        return Path(value).expanduser()
    raise ValueError(f"expected a folder path or null, got {type(value).__name__}")


def _about(parser: Parser, description: str) -> dict[str, object]:
    """A setting's metadata: the parser for stored values and what the setting is for."""
    return {"parser": parser, "description": description}


@dataclass(frozen=True)
class Settings:
    """Every user-visible setting with its default. Build with keyword arguments (parsed)."""

    profile: Profile = field(
        default=Profile.SANDBOX,
        metadata=_about(_parse_enum(Profile), "sandbox (embedded emulator) or live (real money)"),
    )
    pg: str = field(
        default="kcp", metadata=_about(_parse_pg, "PortOne `pg` value: kcp or kcp.{site_cd}")
    )
    pwd_2digit_required: bool = field(
        default=False,
        metadata=_about(
            _parse_bool, "whether this merchant's KCP contract needs the first two PIN digits"
        ),
    )
    merchant_name: str = field(
        default="", metadata=_about(_parse_text, "merchant name printed on receipts")
    )
    merchant_business_number: str = field(
        default="",
        metadata=_about(
            _parse_business_number, "사업자등록번호 printed on receipts (10 digits, no dashes)"
        ),
    )
    merchant_address: str = field(
        default="", metadata=_about(_parse_text, "the shop's address printed on receipts")
    )
    merchant_phone: str = field(
        default="",
        metadata=_about(_parse_phone, "the shop's phone printed on receipts (02-123-4567 form)"),
    )
    merchant_code: str = field(
        default="",
        metadata=_about(
            _parse_merchant_code, "가맹점 식별코드 (imp + 8 digits) the live payment window needs"
        ),
    )
    gift_site_code: str = field(
        default="",
        metadata=_about(
            _parse_site_code, "KCP site code for gift certificates (empty: none offered)"
        ),
    )
    language: Language = field(
        default=Language.KO, metadata=_about(_parse_enum(Language), "user interface language")
    )
    screen_capture_protection: bool = field(
        default=True,
        metadata=_about(_parse_bool, "exclude the window from screen capture (Windows only)"),
    )
    idle_lock_minutes: int = field(
        default=10,
        metadata=_about(
            _parse_idle_minutes, "lock the terminal after this many idle minutes (0: never)"
        ),
    )
    data_dir: Path | None = field(
        default=None,
        metadata=_about(
            _parse_optional_path, "where the ledger and sandbox data live (None: user data dir)"
        ),
    )

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(self):
            parsed = parse_field(spec.name, getattr(self, spec.name))
            # Frozen: normalised values (enums from strings, digits without dashes) go in directly.
            object.__setattr__(self, spec.name, parsed)

    def replace(self, **changes: object) -> Settings:
        """A copy with `changes` applied and parsed (raises `SettingsError` on a bad value)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def to_json(self) -> dict[str, object]:
        """The JSON-ready form written to the settings file."""
        data: dict[str, object] = {}
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, Path):
                value = str(value)
            data[spec.name] = value
        return data


SETTING_NAMES: tuple[str, ...] = tuple(spec.name for spec in dataclasses.fields(Settings))


def parse_field(name: str, value: object) -> Any:
    """Parse `value` for the setting `name` with that field's declared parser."""
    specs = {spec.name: spec for spec in dataclasses.fields(Settings)}
    if name not in specs:
        raise SettingsError(name, "unknown setting")
    parser: Parser = specs[name].metadata["parser"]
    try:
        return parser(value)
    except ValueError as error:
        raise SettingsError(name, str(error)) from None


def settings_from_json(raw: Mapping[str, object]) -> tuple[Settings, list[SettingsError]]:
    """Settings from a decoded file, keeping the default for every field that does not parse.

    Returns the settings and the problems found (unknown keys included) so the caller can warn.
    """
    accepted: dict[str, object] = {}
    problems: list[SettingsError] = []
    for name, value in raw.items():
        try:
            accepted[name] = parse_field(name, value)
        except SettingsError as error:
            problems.append(error)
    return Settings(**accepted), problems  # type: ignore[arg-type]
