"""Korean card companies by their 금융결제원 (KFTC) code, and the BIN prefixes we can name.

The codes and names are PortOne's `card_code` table (reference §10.4). The BIN table is small on
purpose: it gives the clerk an issuer hint while typing and gives the sandbox a realistic
`card_code`/`card_name`. An unknown BIN is not an error; it only means no hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcp_pos.domain.language import Lang


@dataclass(frozen=True)
class CardIssuer:
    code: str  # 금융결제원 code as PortOne reports it in `card_code`
    name_ko: str  # what PortOne/KCP put in `card_name`
    name_en: str

    def name_in(self, lang: Lang) -> str:
        """The company's name as a clerk working in `lang` knows it (a proper name, not text
        for the catalogue)."""
        return self.name_ko if lang == "ko" else self.name_en


ISSUERS: dict[str, CardIssuer] = {
    issuer.code: issuer
    for issuer in (
        CardIssuer("361", "BC카드", "BC Card"),
        CardIssuer("381", "KB국민카드", "KB Kookmin Card"),
        CardIssuer("367", "현대카드", "Hyundai Card"),
        CardIssuer("365", "삼성카드", "Samsung Card"),
        CardIssuer("368", "롯데카드", "Lotte Card"),
        CardIssuer("371", "NH카드", "NH Card"),
        CardIssuer("041", "우리카드", "Woori Card"),
        CardIssuer("374", "하나카드", "Hana Card"),
        CardIssuer("045", "새마을금고", "MG Saemaul"),
        CardIssuer("373", "제주카드", "Jeju Card"),
        CardIssuer("364", "광주카드", "Gwangju Card"),
        CardIssuer("366", "신한카드", "Shinhan Card"),
        CardIssuer("002", "KDB산업은행", "KDB"),
        CardIssuer("369", "수협카드", "Suhyup Card"),
        CardIssuer("048", "신협", "Shinhyup"),
        CardIssuer("370", "씨티카드", "Citi Card"),
        CardIssuer("071", "우체국카드", "Korea Post Card"),
        CardIssuer("089", "케이뱅크", "K Bank"),
        CardIssuer("372", "전북카드", "Jeonbuk Card"),
        CardIssuer("090", "카카오뱅크", "Kakao Bank"),
    )
}

# Six-digit BIN prefix -> 금융결제원 code. 557042 is the KB국민 BIN of a live KCP sample
# (reference §1.5); the others are the sandbox's own test BINs, listed in the README.
BIN_TABLE: dict[str, str] = {
    "557042": "381",
    "457973": "381",
    "451842": "366",
    "949013": "366",
    "943116": "361",
    "536181": "367",
    "531070": "365",
    "540926": "368",
    "546252": "371",
    "944419": "041",
    "461954": "374",
    "942111": "045",
    "942112": "373",
    "942113": "364",
    "942114": "002",
    "942115": "369",
    "942116": "048",
    "942117": "370",
    "942118": "071",
    "942119": "089",
    "942120": "372",
    "536648": "090",
}

# Where the BIN is unknown we still say which brand it looks like (first digits, ISO/IEC 7812).
_BRAND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("34", "AMEX"),
    ("37", "AMEX"),
    ("35", "JCB"),
    ("36", "Diners"),
    ("300", "Diners"),
    ("301", "Diners"),
    ("302", "Diners"),
    ("303", "Diners"),
    ("304", "Diners"),
    ("305", "Diners"),
    ("3095", "Diners"),
    ("38", "Diners"),
    ("39", "Diners"),
    ("4", "VISA"),
    ("51", "Mastercard"),
    ("52", "Mastercard"),
    ("53", "Mastercard"),
    ("54", "Mastercard"),
    ("55", "Mastercard"),
    ("2", "Mastercard"),
    ("62", "UnionPay"),
    ("9", "국내전용"),
)


_BY_KOREAN_NAME: dict[str, CardIssuer] = {issuer.name_ko: issuer for issuer in ISSUERS.values()}


def reported_issuer_name(card_name: str | None, lang: Lang, card_code: str | None = None) -> str:
    """The card company PortOne reported (`card_code`, else `card_name`) as a clerk working in
    `lang` knows it; a company not in the table is shown as reported."""
    issuer = ISSUERS.get(card_code or "") or _BY_KOREAN_NAME.get((card_name or "").strip())
    return issuer.name_in(lang) if issuer is not None else (card_name or "")


def issuer_for_digits(digits: str) -> CardIssuer | None:
    """The issuer whose BIN starts `digits` (needs at least six digits), or None."""
    code = BIN_TABLE.get(digits[:6]) if len(digits) >= 6 else None
    return ISSUERS.get(code) if code else None


def brand_for_digits(digits: str) -> str | None:
    """The card brand suggested by the leading digits, or None while there are too few."""
    for prefix, brand in _BRAND_PREFIXES:
        if digits.startswith(prefix):
            return brand
    return None
