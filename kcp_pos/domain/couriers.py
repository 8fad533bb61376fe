"""The courier codes PortOne takes in an escrow shipment's `logis.company` (reference §9: the
same for every PG; an unknown value becomes `ETC`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kcp_pos.domain.language import Lang


@dataclass(frozen=True)
class Courier:
    code: str
    name_ko: str
    name_en: str

    def name_in(self, lang: Lang) -> str:
        return self.name_ko if lang == "ko" else self.name_en


COURIERS: Final[dict[str, Courier]] = {
    courier.code: courier
    for courier in (
        Courier("CJGLS", "CJ대한통운", "CJ Logistics"),
        Courier("EPOST", "우체국택배", "Korea Post parcel"),
        Courier("HANJIN", "한진택배", "Hanjin"),
        Courier("HYUNDAI", "롯데택배", "Lotte Global Logistics"),
        Courier("KGB", "로젠택배", "Logen"),
        Courier("KDEXP", "경동택배", "Kyungdong"),
        Courier("DAESIN", "대신택배", "Daesin"),
        Courier("ILYANG", "일양로지스", "Ilyang Logis"),
        Courier("CHUNIL", "천일택배", "Chunil"),
        Courier("HDEXP", "합동택배", "Hapdong"),
        Courier("CVSNET", "편의점택배", "Convenience-store parcel"),
        Courier("REGISTPOST", "우편등기", "Registered post"),
        Courier("HANARO", "하나로택배", "Hanaro"),
        Courier("SAGAWA", "SC로지스", "SC Logis"),
        Courier("YELLOWCAP", "옐로우캡", "Yellow Cap"),
        Courier("DONGBU", "동부택배", "Dongbu"),
        Courier("HONAM", "우리택배", "Woori parcel"),
        Courier("ETC", "기타", "Other"),
    )
}
