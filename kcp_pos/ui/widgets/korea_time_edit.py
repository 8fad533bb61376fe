"""A date-and-time field that shows and reads Korea time, whatever the computer's time zone
(schedules, an escrow shipment's sending time)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from kcp_pos.domain.korea_time import KST

DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


def korea_moment(edit: QDateTimeEdit) -> datetime:
    """What the edit shows, read as Korea time (the edit's own time zone is not used)."""
    date, time = edit.date(), edit.time()
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=KST)


def show_korea_moment(edit: QDateTimeEdit, moment: datetime) -> None:
    local = moment.astimezone(KST)
    edit.setDateTime(
        QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    )


def korea_time_edit(parent: QWidget, moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat(DATE_TIME_FORMAT)
    edit.setCalendarPopup(True)
    show_korea_moment(edit, moment)
    return edit
