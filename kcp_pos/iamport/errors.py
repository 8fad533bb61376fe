"""Typed errors of the PortOne V1 client, in the style of stripe-python.

Every error carries the HTTP status (when a response came), the envelope `code` (when one could be
read), the server's `message` and `should_retry`: whether sending the same call again is safe and
may help. The hierarchy:

* `AuthenticationError`: getToken refused the key/secret, or a call stayed 401 after one refresh.
* `NotFoundError`: HTTP 404, or a `code` 1 "not found" answer in HTTP 200 form (both behaviours
  of reference §4.2 are tolerated). `UnknownCustomer`: no billing key ("등록되지 않은 구매자").
* `ApiError`: any other `code != 0` or unexpected HTTP status; subclasses name the business
  answers callers react to (`DuplicateMerchantUid`, `AlreadyCancelled`, `CardRejected`).
* `TransportError`: no usable answer and the call had no effect or is a lookup, so retrying is safe.
* `OutcomeUnknown`: a state-changing POST may have reached the server but no readable answer came
  (read timeout, dropped connection, 5xx, unreadable body). Never "failed": resolve it by looking
  the `merchant_uid` up (`/payments/findAll/{merchant_uid}`).
* `InvalidRequestError`: refused client-side before anything was sent (e.g. a cancel amount of 0,
  which V1 would treat as a FULL refund).

Messages never contain request bodies; server messages are passed through `redact_card_numbers`
(whole card-length digit runs) in case a server ever echoes a card number back.
"""

from __future__ import annotations

from kcp_pos.domain.masking import Redaction, redact_card_numbers


class IamportError(Exception):
    """Base of every error raised by the V1 client."""

    default_should_retry = False

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        code: int | None = None,
        should_retry: bool | None = None,
    ) -> None:
        self.message = redact_card_numbers(message, Redaction.WHOLE_RUNS)
        self.http_status = http_status
        self.code = code
        self.should_retry = self.default_should_retry if should_retry is None else should_retry
        super().__init__(self.message)

    def __str__(self) -> str:
        details = []
        if self.http_status is not None:
            details.append(f"HTTP {self.http_status}")
        if self.code is not None:
            details.append(f"code {self.code}")
        prefix = f"[{', '.join(details)}] " if details else ""
        return f"{prefix}{self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, http_status={self.http_status!r}, "
            f"code={self.code!r}, should_retry={self.should_retry!r})"
        )


class AuthenticationError(IamportError):
    """The key/secret were refused, or the server kept answering 401."""


class NotFoundError(IamportError):
    """The payment, billing key, schedule or shipping info does not exist."""


class UnknownCustomer(NotFoundError):
    """No billing key is registered for the `customer_uid` (again / schedule)."""


class ApiError(IamportError):
    """The server answered, and the answer is an error (`code != 0` or an error status)."""


class DuplicateMerchantUid(ApiError):
    """The `merchant_uid` was already paid or cancelled; a new attempt needs a new one."""


class AlreadyCancelled(ApiError):
    """The payment is already fully cancelled ("이미 전액취소된 주문입니다.")."""


class CardRejected(ApiError):
    """Card data was refused while issuing a billing key (no payment is involved)."""


class TransportError(IamportError):
    """No usable answer, and sending again is safe (not sent, or a read-only lookup)."""

    default_should_retry = True


class OutcomeUnknown(IamportError):
    """A state-changing request may have been processed, but its answer was lost.

    Money may have moved. Do not retry with the same or a new `merchant_uid` before looking it up.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        merchant_uids: tuple[str, ...] = (),
        imp_uid: str | None = None,
        customer_uid: str | None = None,
        http_status: int | None = None,
        code: int | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, code=code, should_retry=False)
        self.operation = operation
        self.merchant_uids = merchant_uids
        self.imp_uid = imp_uid
        self.customer_uid = customer_uid

    @property
    def merchant_uid(self) -> str | None:
        """The order id to look up; the first one for a schedule of several."""
        return self.merchant_uids[0] if self.merchant_uids else None

    def __str__(self) -> str:
        subject = self.merchant_uid or self.imp_uid or self.customer_uid or "?"
        return f"outcome of {self.operation} for {subject} unknown: {super().__str__()}"


class InvalidRequestError(IamportError, ValueError):
    """Refused before sending because the request would do something the caller cannot mean."""
