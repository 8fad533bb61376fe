"""The audit trail in words: each action code the app writes as a label in the UI language, and
an entry's details as short "label: value" text (amounts as money, states and kinds in the words
the other screens use, times in Korea time), never JSON. An unknown code, key or value is shown
as stored.

`tests/ui/backoffice/test_audit_words.py` collects every action code written under `kcp_pos/`
and fails when one has no label here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.language import Lang
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.domain.text import QT_TRANSLATE_NOOP
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import attempt_look, payment_look, schedule_look

CONTEXT: Final = "AuditWords"
SEPARATOR: Final = " · "
MISSING: Final = "—"

ACTION_LABELS: Final[Mapping[str, str]] = {
    "payment.recorded": QT_TRANSLATE_NOOP("AuditWords", "Payment recorded"),
    "payment.status": QT_TRANSLATE_NOOP("AuditWords", "Payment status changed"),
    "attempt.draft": QT_TRANSLATE_NOOP("AuditWords", "Request written down"),
    "attempt.sending": QT_TRANSLATE_NOOP("AuditWords", "Request sent to PortOne"),
    "attempt.paid": QT_TRANSLATE_NOOP("AuditWords", "Request approved"),
    "attempt.failed": QT_TRANSLATE_NOOP("AuditWords", "Request declined"),
    "attempt.unknown": QT_TRANSLATE_NOOP("AuditWords", "No answer from PortOne (to be checked)"),
    "attempt.resolved_paid": QT_TRANSLATE_NOOP("AuditWords", "Checked at PortOne: approved"),
    "attempt.resolved_failed": QT_TRANSLATE_NOOP("AuditWords", "Checked at PortOne: not approved"),
    "attempt.late_approval": QT_TRANSLATE_NOOP("AuditWords", "Late approval found"),
    "late_approval.acknowledged": QT_TRANSLATE_NOOP("AuditWords", "Late approval acknowledged"),
    "refund.requested": QT_TRANSLATE_NOOP("AuditWords", "Refund requested"),
    "refund.undecided": QT_TRANSLATE_NOOP("AuditWords", "Refund undecided (check at PortOne)"),
    "refund.late": QT_TRANSLATE_NOOP("AuditWords", "Refund found made after all"),
    "schedule.booking": QT_TRANSLATE_NOOP("AuditWords", "Scheduled charge being booked"),
    "schedule.state": QT_TRANSLATE_NOOP("AuditWords", "Scheduled charge changed"),
    "schedule.retried": QT_TRANSLATE_NOOP("AuditWords", "Failed scheduled charge retried"),
    "schedule.retry_undone": QT_TRANSLATE_NOOP("AuditWords", "Retry of a scheduled charge undone"),
    "customer.added": QT_TRANSLATE_NOOP("AuditWords", "Customer added"),
    "customer.updated": QT_TRANSLATE_NOOP("AuditWords", "Customer changed"),
    "customer.deleted": QT_TRANSLATE_NOOP("AuditWords", "Customer deleted"),
    "customer.key_missing": QT_TRANSLATE_NOOP("AuditWords", "Saved card missing at PortOne"),
    "operator.signed_in": QT_TRANSLATE_NOOP("AuditWords", "Signed in"),
    "operator.wrong_pin": QT_TRANSLATE_NOOP("AuditWords", "Wrong PIN"),
    "operator.unknown_name": QT_TRANSLATE_NOOP("AuditWords", "Sign-in with an unknown name"),
    "operator.locked": QT_TRANSLATE_NOOP("AuditWords", "Operator locked after wrong PINs"),
    "operator.unlocked": QT_TRANSLATE_NOOP("AuditWords", "Operator unlocked"),
    "operator.approved": QT_TRANSLATE_NOOP("AuditWords", "Manager's approval"),
    "operator.added": QT_TRANSLATE_NOOP("AuditWords", "Operator added"),
    "operator.disabled": QT_TRANSLATE_NOOP("AuditWords", "Operator stopped"),
    "operator.enabled": QT_TRANSLATE_NOOP("AuditWords", "Operator allowed again"),
    "settings.changed": QT_TRANSLATE_NOOP("AuditWords", "Settings changed"),
    "settings.credentials_removed": QT_TRANSLATE_NOOP("AuditWords", "API key removed"),
    "report.exported": QT_TRANSLATE_NOOP("AuditWords", "Report exported"),
    "day.closed": QT_TRANSLATE_NOOP("AuditWords", "Day closed"),
    "reconcile.imported": QT_TRANSLATE_NOOP("AuditWords", "Reconciled: PortOne's record taken"),
    "reconcile.corrected": QT_TRANSLATE_NOOP("AuditWords", "Reconciled: corrected from PortOne"),
    "reconcile.unknown_to_portone": QT_TRANSLATE_NOOP(
        "AuditWords", "Reconciled: unknown to PortOne, left for a person"
    ),
    "audit.verified": QT_TRANSLATE_NOOP("AuditWords", "Audit trail verified"),
    "audit.head_started": QT_TRANSLATE_NOOP("AuditWords", "Newest-entry record started"),
    "audit.head_reset": QT_TRANSLATE_NOOP("AuditWords", "Audit trail accepted as it is"),
    "batch.command_line": QT_TRANSLATE_NOOP("AuditWords", "Batch charge from the command line"),
    "window_amount_mismatch": QT_TRANSLATE_NOOP(
        "AuditWords", "Payment window: paid amount differs from the order"
    ),
    "escrow_shipment_registered": QT_TRANSLATE_NOOP("AuditWords", "Escrow shipment registered"),
}
"""Every action code the app writes, as words."""

FAMILY_LABELS: Final[Mapping[str, str]] = {
    "payment.": QT_TRANSLATE_NOOP("AuditWords", "Payments in the ledger"),
    "attempt.": QT_TRANSLATE_NOOP("AuditWords", "Requests to PortOne"),
    "refund.": QT_TRANSLATE_NOOP("AuditWords", "Refund checks"),
    "late_approval.": QT_TRANSLATE_NOOP("AuditWords", "Late approvals"),
    "schedule.": QT_TRANSLATE_NOOP("AuditWords", "Scheduled charges"),
    "customer.": QT_TRANSLATE_NOOP("AuditWords", "Customers and saved cards"),
    "operator.": QT_TRANSLATE_NOOP("AuditWords", "Operators and sign-in"),
    "settings.": QT_TRANSLATE_NOOP("AuditWords", "Settings changes"),
    "report.": QT_TRANSLATE_NOOP("AuditWords", "Report exports"),
    "day.": QT_TRANSLATE_NOOP("AuditWords", "Day closes"),
    "reconcile.": QT_TRANSLATE_NOOP("AuditWords", "Reconciliation fixes"),
    "audit.": QT_TRANSLATE_NOOP("AuditWords", "Audit trail checks"),
    "batch.": QT_TRANSLATE_NOOP("AuditWords", "Batch charges"),
    "window_amount_mismatch": QT_TRANSLATE_NOOP("AuditWords", "Payment window amount differences"),
    "escrow_shipment_registered": QT_TRANSLATE_NOOP("AuditWords", "Escrow shipments"),
}
"""The choices of the audit dialog's action filter: a family (a prefix ending in `.`, as the
filter takes it) or a code of its own."""

APPROVAL_LABELS: Final[Mapping[str, str]] = {
    "refund": QT_TRANSLATE_NOOP("AuditWords", "Refund"),
    "billing_key.delete": QT_TRANSLATE_NOOP("AuditWords", "Delete a saved card"),
    "batch.run": QT_TRANSLATE_NOOP("AuditWords", "Batch charge"),
    "schedule.revoke": QT_TRANSLATE_NOOP("AuditWords", "Cancel scheduled charges"),
    "settings.change": QT_TRANSLATE_NOOP("AuditWords", "Change settings"),
}
"""What a manager approved (an approval's `action`; some screens store their own words)."""

KIND_LABELS: Final[Mapping[str, str]] = {
    "onetime": QT_TRANSLATE_NOOP("AuditWords", "Keyed card charge"),
    "register": QT_TRANSLATE_NOOP("AuditWords", "Card registration"),
    "again": QT_TRANSLATE_NOOP("AuditWords", "Saved card charge"),
    "schedule": QT_TRANSLATE_NOOP("AuditWords", "Scheduled charge"),
    "cancel": QT_TRANSLATE_NOOP("AuditWords", "Refund"),
    "window": QT_TRANSLATE_NOOP("AuditWords", "Payment window"),
    "window_key": QT_TRANSLATE_NOOP("AuditWords", "Card registration in the window"),
}
"""Which call an attempt made (`AttemptKind` values)."""

DIFFERENCE_LABELS: Final[Mapping[str, str]] = {
    "missing_locally": QT_TRANSLATE_NOOP("AuditWords", "Not in this terminal's ledger"),
    "missing_remotely": QT_TRANSLATE_NOOP("AuditWords", "Unknown to PortOne"),
    "status": QT_TRANSLATE_NOOP("AuditWords", "Different status"),
    "amount": QT_TRANSLATE_NOOP("AuditWords", "Different amount"),
}
"""What reconciliation found (`DifferenceKind` values)."""

HEAD_LABELS: Final[Mapping[str, str]] = {
    "holds": QT_TRANSLATE_NOOP("AuditWords", "Newest entry as written"),
    "lost": QT_TRANSLATE_NOOP("AuditWords", "Newest entries deleted or replaced"),
    "missing": QT_TRANSLATE_NOOP("AuditWords", "Newest-entry record missing"),
    "unreadable": QT_TRANSLATE_NOOP("AuditWords", "Newest-entry record changed"),
    "not_kept": QT_TRANSLATE_NOOP("AuditWords", "Newest entries not checked"),
}
"""What the head file said (`store.audit_log.HeadCheck` values)."""

GATE_LABELS: Final[Mapping[str, str]] = {
    "sign_in": QT_TRANSLATE_NOOP("AuditWords", "Sign-in"),
    "approval": QT_TRANSLATE_NOOP("AuditWords", "Approval prompt"),
}
"""Where a PIN was typed (`store.PinGate` values)."""

ROLE_LABELS: Final[Mapping[str, str]] = {
    "clerk": QT_TRANSLATE_NOOP("AuditWords", "Clerk"),
    "manager": QT_TRANSLATE_NOOP("AuditWords", "Manager"),
    "admin": QT_TRANSLATE_NOOP("AuditWords", "Administrator"),
}

KEY_LABELS: Final[Mapping[str, str]] = {
    "amount": QT_TRANSLATE_NOOP("AuditWords", "Amount"),
    "from": QT_TRANSLATE_NOOP("AuditWords", "Before"),
    "to": QT_TRANSLATE_NOOP("AuditWords", "After"),
    "kind": QT_TRANSLATE_NOOP("AuditWords", "Kind"),
    "cancel_amount": QT_TRANSLATE_NOOP("AuditWords", "Refunded amount"),
    "checksum": QT_TRANSLATE_NOOP("AuditWords", "Balance before"),
    "tax_free": QT_TRANSLATE_NOOP("AuditWords", "Tax-free"),
    "paid": QT_TRANSLATE_NOOP("AuditWords", "Amount paid"),
    "ordered": QT_TRANSLATE_NOOP("AuditWords", "Amount ordered"),
    "count": QT_TRANSLATE_NOOP("AuditWords", "Payment count"),
    "gross": QT_TRANSLATE_NOOP("AuditWords", "Gross"),
    "refunds": QT_TRANSLATE_NOOP("AuditWords", "Refunds"),
    "net": QT_TRANSLATE_NOOP("AuditWords", "Net"),
    "action": QT_TRANSLATE_NOOP("AuditWords", "For"),
    "role": QT_TRANSLATE_NOOP("AuditWords", "Role"),
    "operator": QT_TRANSLATE_NOOP("AuditWords", "Operator"),
    "approver": QT_TRANSLATE_NOOP("AuditWords", "Approved by"),
    "until": QT_TRANSLATE_NOOP("AuditWords", "Until"),
    "gate": QT_TRANSLATE_NOOP("AuditWords", "Typed at"),
    "asked_by": QT_TRANSLATE_NOOP("AuditWords", "Prompt opened by"),
    "schedule_at": QT_TRANSLATE_NOOP("AuditWords", "Scheduled for"),
    "customer_uid": QT_TRANSLATE_NOOP("AuditWords", "Customer"),
    "card": QT_TRANSLATE_NOOP("AuditWords", "Card"),
    "reason": QT_TRANSLATE_NOOP("AuditWords", "Reason"),
    "why": QT_TRANSLATE_NOOP("AuditWords", "Why"),
    "retried_by": QT_TRANSLATE_NOOP("AuditWords", "Retried as"),
    "company": QT_TRANSLATE_NOOP("AuditWords", "Courier"),
    "period": QT_TRANSLATE_NOOP("AuditWords", "Period"),
    "format": QT_TRANSLATE_NOOP("AuditWords", "Format"),
    "file": QT_TRANSLATE_NOOP("AuditWords", "File"),
    "lines": QT_TRANSLATE_NOOP("AuditWords", "Lines"),
    "resumed": QT_TRANSLATE_NOOP("AuditWords", "Resumed"),
    "os_user": QT_TRANSLATE_NOOP("AuditWords", "Computer login"),
    "changed": QT_TRANSLATE_NOOP("AuditWords", "Changed"),
    "credentials": QT_TRANSLATE_NOOP("AuditWords", "API key changed"),
    "checked": QT_TRANSLATE_NOOP("AuditWords", "Entries checked"),
    "first_broken": QT_TRANSLATE_NOOP("AuditWords", "First changed entry"),
    "lost_head": QT_TRANSLATE_NOOP("AuditWords", "Missing newest entry"),
    "head": QT_TRANSLATE_NOOP("AuditWords", "Newest entries"),
    "newest": QT_TRANSLATE_NOOP("AuditWords", "Newest entry"),
    "local_status": QT_TRANSLATE_NOOP("AuditWords", "Status here"),
    "local_amount": QT_TRANSLATE_NOOP("AuditWords", "Amount here"),
    "local_cancel_amount": QT_TRANSLATE_NOOP("AuditWords", "Refunded here"),
    "portone_status": QT_TRANSLATE_NOOP("AuditWords", "Status at PortOne"),
    "portone_amount": QT_TRANSLATE_NOOP("AuditWords", "Amount at PortOne"),
    "portone_cancel_amount": QT_TRANSLATE_NOOP("AuditWords", "Refunded at PortOne"),
    "attempt_id": QT_TRANSLATE_NOOP("AuditWords", "Attempt"),
    "attempt": QT_TRANSLATE_NOOP("AuditWords", "Attempt"),
}
"""Detail keys in words, in the order they are shown; ids (`imp_uid` …) stay as they are."""

MONEY_KEYS: Final = frozenset(
    {"amount", "cancel_amount", "checksum", "tax_free", "paid", "ordered", "gross", "refunds",
     "net", "local_amount", "local_cancel_amount", "portone_amount", "portone_cancel_amount"}
)  # fmt: skip
TIME_KEYS: Final = frozenset({"until", "schedule_at"})
ENTRY_KEYS: Final = frozenset({"attempt_id", "attempt", "first_broken", "lost_head", "newest"})
STATE_KEYS: Final = frozenset({"from", "to", "local_status", "portone_status"})


def words(source: str) -> str:
    """`source` (an English source of this module's context) in the UI language."""
    return QCoreApplication.translate(CONTEXT, source)


def _label(table: Mapping[str, str], code: str) -> str:
    source = table.get(code)
    return code if source is None else words(source)


ACTOR_LABELS: Final[Mapping[str, str]] = {
    "system": QT_TRANSLATE_NOOP("AuditWords", "This program"),
    "terminal": QT_TRANSLATE_NOOP("AuditWords", "Someone at the terminal"),
    "resolver": QT_TRANSLATE_NOOP("AuditWords", "Automatic check"),
}
"""The app's own names in the trail (`operators.RESERVED_NAMES`; no operator may take one);
the operator filter still takes them as stored."""


def actor_text(actor: str) -> str:
    """Who acted, in words: an operator's name as it is, the app's own names in words."""
    return _label(ACTOR_LABELS, actor)


def action_text(code: str) -> str:
    """`payment.recorded` as "Payment recorded" (in Korean: "결제 기록"); an unknown code as is."""
    return _label(ACTION_LABELS, code)


def codes_in_words(typed: str) -> tuple[str, ...] | None:
    """The action codes whose words (or whose family's words) in the UI language contain
    `typed` (`환불` → every refund action); None when `typed` looks like a code or a family
    itself (`payment.`, `operator.signed_in`), which the filter takes as it is."""
    wanted = typed.strip().casefold()
    if not wanted or wanted in ACTION_LABELS or ("." in wanted and wanted.isascii()):
        return None
    families = [family for family, label in FAMILY_LABELS.items() if wanted in _folded(label)]
    return tuple(
        code
        for code, label in ACTION_LABELS.items()
        if wanted in _folded(label) or any(code.startswith(family) for family in families)
    )


def _folded(source: str) -> str:
    return words(source).casefold()


def family_choices() -> list[tuple[str, str]]:
    """(words, filter) for each family, the filter (`payment.`) shown after the words."""
    return [(f"{words(label)} ({family})", family) for family, label in FAMILY_LABELS.items()]


def kind_text(kind: str) -> str:
    """An attempt's kind (`onetime` …) as words."""
    return _label(KIND_LABELS, kind)


def details_text(action: str, details: Mapping[str, Any], lang: Lang) -> str:
    """`Amount: 55,000원 · Kind: Refund · imp_uid: imp_123`: known keys first, in words, those
    without a value left out."""
    return SEPARATOR.join(
        f"{_label(KEY_LABELS, key)}: {_detail_value(action, key, details, lang)}"
        for key in _ordered(details)
    )


def _detail_value(action: str, key: str, details: Mapping[str, Any], lang: Lang) -> str:
    """A payment's new status with its amounts reads "Partly refunded" where it is."""
    value, amount, refunded = details[key], details.get("amount"), details.get("cancel_amount")
    if action.startswith("payment.") and key == "to" and isinstance(refunded, int):
        try:
            status = LedgerStatus(value)
        except ValueError:
            return str(value)
        amount = amount if isinstance(amount, int) else None
        return payment_look(status, cancel_amount=refunded, amount=amount).words
    return value_text(action, key, value, lang)


def _ordered(details: Mapping[str, Any]) -> Iterator[str]:
    """Known keys in the table's order, then the others as stored; none without a value (a
    payment recorded for the first time has no `from`, a request not answered yet no `imp_uid`)."""
    given = [key for key, value in details.items() if value is not None]
    yield from (key for key in KEY_LABELS if key in given)
    yield from (key for key in given if key not in KEY_LABELS)


def value_text(action: str, key: str, value: Any, lang: Lang) -> str:
    """One detail's value as a person reads it."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int) and key in MONEY_KEYS:
        return krw(value, lang)
    if isinstance(value, int) and key in ENTRY_KEYS:
        return f"#{value}"
    if isinstance(value, str):
        return _coded_text(action, key, value)
    if isinstance(value, list):
        return ", ".join(value_text(action, key, item, lang) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{name}: {value_text(action, name, item, lang)}"
                         for name, item in value.items())  # fmt: skip
    return str(value)


def _yes_no(value: bool) -> str:
    if value:
        return QCoreApplication.translate("AuditWords", "yes")
    return QCoreApplication.translate("AuditWords", "no")


def _coded_text(action: str, key: str, value: str) -> str:
    if key in TIME_KEYS:
        return _korea_time(value)
    if key in STATE_KEYS:
        return state_text(action, value)
    if key == "kind":
        return _label(DIFFERENCE_LABELS if action.startswith("reconcile.") else KIND_LABELS, value)
    if key == "role":
        return _label(ROLE_LABELS, value)
    if key == "gate":
        return _label(GATE_LABELS, value)
    if key == "head":
        return _label(HEAD_LABELS, value)
    if key == "action":
        return _label(APPROVAL_LABELS, value)
    return value


def state_text(action: str, value: str) -> str:
    """A state in the words of its screen: an attempt's, a schedule's or a payment's."""
    family = action.partition(".")[0]
    try:
        if family == "attempt":
            return attempt_look(AttemptState(value)).words
        if family == "schedule":
            return schedule_look(ScheduleState(value)).words
        return payment_look(LedgerStatus(value)).words
    except ValueError:
        return value


def _korea_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return text
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")
