"""The synchronous PortOne V1 REST client: one typed method per endpoint kcp-pos uses.

Services call it from worker threads; one instance may be shared between threads.

Decisions (see DESIGN rules 1, 2, 6 and reference §1, §2, §11):

* **Declines are results.** `pay_onetime` / `pay_again` return a `PaymentResult`: PAID, or FAILED
  for `code 0` + `status: failed` (with the Payment) and for `code -1` with a card/PG message
  (`messages.is_decline_message`; no Payment exists then). Other business answers are typed
  exceptions callers can react to: `DuplicateMerchantUid`, `UnknownCustomer`, `NotFoundError`,
  `AlreadyCancelled`, `CardRejected` (billing-key issuance), else `ApiError`.
* **State-changing calls are never retried automatically**: onetime, again, schedule, unschedule,
  cancel, billing-key issue/delete and escrow registration. V1 has no idempotency key. When such
  a request may have reached the server but no readable answer came back (read/write timeout,
  dropped connection, any 5xx, an unreadable body, or a success envelope without a usable
  payload) the client raises `OutcomeUnknown` with the `merchant_uid`(s) to look up. Only
  failures that prove the request was not sent (connect errors, pool timeout) raise
  `TransportError`. Billing-key issuance moves no money but is treated the same way: a repeat
  would silently replace the key, so the caller decides.
* **Lookups and getToken retry** a bounded number of times (`max_retries`, exponential
  `retry_backoff`) on transport errors and 5xx, then raise `TransportError` / `ApiError`.
* **401 refreshes once.** The cached token is dropped and the call is sent again one time; this
  is safe even for money-moving POSTs because a 401 means the request was not processed.
* **Refunds state their amount.** `cancel_payment` refuses `amount <= 0` (V1 would refund in
  FULL) and an amount above the `checksum` before anything is sent.
* **No card data in errors or logs.** Request bodies are never logged nor put in exceptions;
  only method, path and status are logged.

Timeouts: `connect_timeout` (5 s) everywhere; `read_timeout` (60 s) for state-changing calls,
`lookup_timeout` (15 s) for lookups and getToken. TLS verification is httpx's default (on).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from kcp_pos import __version__
from kcp_pos.iamport.envelope import MalformedResponse, RawEnvelope, decode_envelope, parse_payload
from kcp_pos.iamport.errors import (
    ApiError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknown,
    TransportError,
)
from kcp_pos.iamport.live_api import LIVE_API_URL
from kcp_pos.iamport.loopback import is_loopback_url
from kcp_pos.iamport.messages import error_for, is_decline_message, is_uncertain_charge_message
from kcp_pos.iamport.models import (
    AccessToken,
    AgainPaymentRequest,
    BillingCustomer,
    BillingKeyRequest,
    CancelRequest,
    CardCode,
    EscrowLogis,
    EscrowLogisRequest,
    OnetimePaymentRequest,
    Payment,
    PaymentPage,
    PaymentStatus,
    PreparedPayment,
    PrepareRequest,
    SchedulePage,
    ScheduleRequest,
    ScheduleResult,
    ScheduleStatus,
    UnscheduleRequest,
)
from kcp_pos.iamport.results import ChargeStatus, PaymentResult
from kcp_pos.iamport.token import DEFAULT_EXPIRY_BUFFER, TokenCache

T = TypeVar("T")

DEFAULT_BASE_URL = LIVE_API_URL
BILLING_KEY_BATCH_SIZE = 100
"""`GET /subscribe/customers` takes at most 100 `customer_uid[]` per request."""

_log = logging.getLogger(__name__)

_ACCESS_TOKEN = TypeAdapter(AccessToken)
_PAYMENT = TypeAdapter(Payment)
_PAYMENT_PAGE = TypeAdapter(PaymentPage)
_CUSTOMER = TypeAdapter(BillingCustomer)
_CUSTOMERS = TypeAdapter(list[BillingCustomer])
_SCHEDULES = TypeAdapter(list[ScheduleResult])
_SCHEDULE = TypeAdapter(ScheduleResult)
SCHEDULE_LIST = TypeAdapter(SchedulePage | list[ScheduleResult])
"""Schedule lists: paged per the Java/PHP clients, a bare array per the swagger (§6.3)."""
_ESCROW = TypeAdapter(EscrowLogis)
_PREPARED = TypeAdapter(PreparedPayment)
_CARD_CODES = TypeAdapter(list[CardCode])

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""httpx failures that prove the request never left this machine."""

EventHook = Callable[[Any], Any]


@dataclass(frozen=True)
class _StateChange:
    """What a state-changing call is about, for `OutcomeUnknown` when its answer is lost."""

    operation: str
    merchant_uids: tuple[str, ...] = ()
    imp_uid: str | None = None
    customer_uid: str | None = None

    def unknown(self, reason: str, http_status: int | None = None) -> OutcomeUnknown:
        return OutcomeUnknown(
            reason,
            operation=self.operation,
            merchant_uids=self.merchant_uids,
            imp_uid=self.imp_uid,
            customer_uid=self.customer_uid,
            http_status=http_status,
        )


@dataclass(frozen=True)
class _Failure:
    """A transport failure, described without keeping the exception (it holds the request)."""

    name: str
    certainly_not_sent: bool


@dataclass(frozen=True)
class _Answer:
    """An HTTP answer whose body is a readable envelope."""

    http_status: int
    envelope: RawEnvelope

    @property
    def ok(self) -> bool:
        return 200 <= self.http_status < 300 and self.envelope.code == 0


class IamportClient:
    """Typed access to the PortOne V1 REST API. Use as a context manager or call `close()`."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        imp_key: str = "",
        imp_secret: str = "",
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        lookup_timeout: float = 15.0,
        token_expiry_buffer: float = DEFAULT_EXPIRY_BUFFER,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
        event_hooks: Mapping[str, list[EventHook]] | None = None,
    ) -> None:
        if not imp_key or not imp_secret:
            raise ValueError("imp_key and imp_secret are required")
        self._imp_key = imp_key
        self._imp_secret = imp_secret
        self._money_timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._lookup_timeout = httpx.Timeout(lookup_timeout, connect=connect_timeout)
        self._max_retries = max_retries
        self._retry_backoff = retry_backoff
        self._http = httpx.Client(
            base_url=base_url,
            headers={
                "Accept": "application/json",
                "User-Agent": f"kcp-pos/{__version__} httpx/{httpx.__version__}",
            },
            # A loopback sandbox never needs the environment's proxy settings.
            trust_env=not is_loopback_url(base_url),
            event_hooks=dict(event_hooks) if event_hooks else None,
        )
        self._tokens = TokenCache(self._fetch_token, expiry_buffer=token_expiry_buffer)

    @property
    def base_url(self) -> str:
        """The API's address, without the trailing slash (the sandbox also serves its SDK)."""
        return str(self._http.base_url).rstrip("/")

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> IamportClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ token

    def get_token(self) -> str:
        """A valid access token, from the cache when it has time left."""
        return self._tokens.get()

    def _fetch_token(self) -> AccessToken:
        body = {"imp_key": self._imp_key, "imp_secret": self._imp_secret}
        response = self._send("POST", "/users/getToken", json=body, authenticated=False)
        try:
            envelope = decode_envelope(response.content)
        except MalformedResponse as exc:
            if response.status_code >= 500:
                raise ApiError(
                    str(exc), http_status=response.status_code, should_retry=True
                ) from None
            raise AuthenticationError(
                f"getToken failed: {exc}", http_status=response.status_code
            ) from None
        answer = _Answer(response.status_code, envelope)
        if response.status_code >= 500:
            raise error_for(answer.http_status, envelope.code, envelope.message)
        if not answer.ok:
            message = envelope.message or "imp_key/imp_secret refused"
            raise AuthenticationError(
                f"getToken failed: {message}", http_status=answer.http_status, code=envelope.code
            )
        return self._payload(answer, _ACCESS_TOKEN, "/users/getToken")

    # ------------------------------------------------------------------ key-in and billing

    def pay_onetime(self, request: OnetimePaymentRequest) -> PaymentResult:
        """`POST /subscribe/payments/onetime`: charge keyed card data (reference §3)."""
        change = _StateChange("onetime", (request.merchant_uid,), customer_uid=request.customer_uid)
        return self._charge("/subscribe/payments/onetime", request.to_wire(), change)

    def pay_again(self, request: AgainPaymentRequest) -> PaymentResult:
        """`POST /subscribe/payments/again`: charge a stored billing key (reference §5)."""
        change = _StateChange("again", (request.merchant_uid,), customer_uid=request.customer_uid)
        return self._charge("/subscribe/payments/again", request.to_wire(), change)

    def issue_billing_key(self, customer_uid: str, request: BillingKeyRequest) -> BillingCustomer:
        """`POST /subscribe/customers/{uid}`: store a card; re-issuing replaces the old one."""
        path = f"/subscribe/customers/{_segment(customer_uid)}"
        change = _StateChange("issue_billing_key", customer_uid=customer_uid)
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _CUSTOMER, path, change)

    def get_billing_key(self, customer_uid: str) -> BillingCustomer:
        """`GET /subscribe/customers/{uid}`; unknown uid → `NotFoundError` (404 or 200/code 1)."""
        path = f"/subscribe/customers/{_segment(customer_uid)}"
        return self._expect(self._call("GET", path), _CUSTOMER, path)

    def delete_billing_key(self, customer_uid: str, reason: str | None = None) -> BillingCustomer:
        """`DELETE /subscribe/customers/{uid}`: returns the deleted key."""
        path = f"/subscribe/customers/{_segment(customer_uid)}"
        params = httpx.QueryParams({"reason": reason}) if reason is not None else None
        change = _StateChange("delete_billing_key", customer_uid=customer_uid)
        answer = self._call("DELETE", path, params=params, change=change)
        return self._expect(answer, _CUSTOMER, path, change)

    def get_billing_keys(self, customer_uids: Sequence[str]) -> list[BillingCustomer]:
        """`GET /subscribe/customers?customer_uid[]=…` in batches of 100; unknown uids skipped."""
        if isinstance(customer_uids, str):
            raise TypeError("customer_uids must be a sequence of uids, not one string")
        unique = list(dict.fromkeys(customer_uids))
        found: list[BillingCustomer] = []
        for start in range(0, len(unique), BILLING_KEY_BATCH_SIZE):
            batch = unique[start : start + BILLING_KEY_BATCH_SIZE]
            found.extend(self._billing_key_batch(batch))
        return found

    def _billing_key_batch(self, batch: Sequence[str]) -> list[BillingCustomer]:
        path = "/subscribe/customers"
        answer = self._call(
            "GET", path, params=httpx.QueryParams([("customer_uid[]", uid) for uid in batch])
        )
        if answer.http_status == 404:
            return []  # none of this batch exists
        if answer.http_status == 207 and isinstance(answer.envelope.response, list):
            return self._parse(answer.envelope.response, _CUSTOMERS, path)
        return self._expect(answer, _CUSTOMERS, path)

    def get_billing_key_payments(self, customer_uid: str, page: int = 1) -> PaymentPage:
        """`GET /subscribe/customers/{uid}/payments`: payments made with this key."""
        path = f"/subscribe/customers/{_segment(customer_uid)}/payments"
        return self._expect(
            self._call("GET", path, params=httpx.QueryParams(page=page)), _PAYMENT_PAGE, path
        )

    def schedule(self, request: ScheduleRequest) -> list[ScheduleResult]:
        """`POST /subscribe/payments/schedule`: book future charges on a billing key."""
        path = "/subscribe/payments/schedule"
        change = _StateChange(
            "schedule",
            tuple(item.merchant_uid for item in request.schedules),
            customer_uid=request.customer_uid,
        )
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _SCHEDULES, path, change)

    def unschedule(self, request: UnscheduleRequest) -> list[ScheduleResult]:
        """`POST /subscribe/payments/unschedule`: revoke schedules; none left → `NotFoundError`."""
        path = "/subscribe/payments/unschedule"
        change = _StateChange(
            "unschedule", tuple(request.merchant_uid or ()), customer_uid=request.customer_uid
        )
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _SCHEDULES, path, change)

    def get_schedule(self, merchant_uid: str) -> ScheduleResult:
        """`GET /subscribe/payments/schedule/{merchant_uid}`."""
        path = f"/subscribe/payments/schedule/{_segment(merchant_uid)}"
        return self._expect(self._call("GET", path), _SCHEDULE, path)

    def get_customer_schedules(
        self,
        customer_uid: str,
        from_: int,
        to: int,
        page: int = 1,
        status: ScheduleStatus | None = None,
    ) -> SchedulePage:
        """`GET /subscribe/payments/schedule/customers/{uid}`: paged object or bare array (§6.3)."""
        path = f"/subscribe/payments/schedule/customers/{_segment(customer_uid)}"
        params: dict[str, str | int] = {"from": from_, "to": to, "page": page}
        if status is not None:
            params["schedule-status"] = status.value
        answer = self._call("GET", path, params=httpx.QueryParams(params))
        return as_schedule_page(self._expect(answer, SCHEDULE_LIST, path))

    def move_schedule(self, merchant_uid: str, schedule_at: int) -> ScheduleResult:
        """`PUT /subscribe/payments/schedule/{merchant_uid}`: a new time for a booked entry
        (400 once it ran or was revoked, or for a time in the past)."""
        path = f"/subscribe/payments/schedule/{_segment(merchant_uid)}"
        change = _StateChange("move_schedule", (merchant_uid,))
        answer = self._call("PUT", path, json={"schedule_at": schedule_at}, change=change)
        return self._expect(answer, _SCHEDULE, path, change)

    def reschedule(self, merchant_uid: str, schedule_at: int) -> ScheduleResult:
        """`POST /subscribe/payments/schedule/{merchant_uid}/reschedule`: book a failed or
        revoked entry again at a future time."""
        path = f"/subscribe/payments/schedule/{_segment(merchant_uid)}/reschedule"
        change = _StateChange("reschedule", (merchant_uid,))
        answer = self._call("POST", path, json={"schedule_at": schedule_at}, change=change)
        return self._expect(answer, _SCHEDULE, path, change)

    def retry_schedule(self, merchant_uid: str) -> PaymentResult:
        """`POST /subscribe/payments/schedule/{merchant_uid}/retry`: charge a failed or revoked
        entry now; the payment's status says whether it was approved (a decline is a result)."""
        path = f"/subscribe/payments/schedule/{_segment(merchant_uid)}/retry"
        return self._charge(path, {}, _StateChange("retry_schedule", (merchant_uid,)))

    # ------------------------------------------------------------------ payments

    def get_payment(self, imp_uid: str) -> Payment:
        """`GET /payments/{imp_uid}`; unknown → `NotFoundError`."""
        path = f"/payments/{_segment(imp_uid)}"
        return self._expect(self._call("GET", path), _PAYMENT, path)

    def find_payment(self, merchant_uid: str, status: PaymentStatus | None = None) -> Payment:
        """`GET /payments/find/{merchant_uid}[/{status}]`: newest match; none → `NotFoundError`."""
        path = f"/payments/find/{_segment(merchant_uid)}" + _status_suffix(status)
        return self._expect(self._call("GET", path), _PAYMENT, path)

    def find_all_payments(
        self,
        merchant_uid: str,
        status: PaymentStatus | None = None,
        page: int = 1,
        limit: int | None = None,
    ) -> PaymentPage:
        """`GET /payments/findAll/{merchant_uid}[/{status}]`: every attempt with this order id.

        "No payment with this merchant_uid" is an answer (the resolver of unknown outcomes needs
        it), so "not found" returns an empty page instead of raising, whether it comes as a 404
        or as HTTP 200 with a not-found message.
        """
        path = f"/payments/findAll/{_segment(merchant_uid)}" + _status_suffix(status)
        params: dict[str, int] = {"page": page}
        if limit is not None:
            params["limit"] = limit
        answer = self._call("GET", path, params=httpx.QueryParams(params))
        try:
            return self._expect(answer, _PAYMENT_PAGE, path)
        except NotFoundError:
            return PaymentPage(total=0)

    def find_every_payment(self, merchant_uid: str, *, max_pages: int = 50) -> list[Payment]:
        """All pages of `find_all_payments`: what the resolver of unknown outcomes reads."""
        payments: list[Payment] = []
        page = 1
        for _ in range(max_pages):
            found = self.find_all_payments(merchant_uid, page=page, limit=100)
            payments.extend(found.list)
            if not found.next or found.next == page:
                break
            page = found.next
        return payments

    def list_payments_by_status(
        self,
        status: PaymentStatus | Literal["all"],
        page: int = 1,
        limit: int = 20,
        from_: int | None = None,
        to: int | None = None,
        sorting: str | None = None,
    ) -> PaymentPage:
        """`GET /payments/status/{status}`: a page of payments, optionally within `from`/`to`
        (inclusive), in `sorting` order (`-started` when not given)."""
        path = f"/payments/status/{_segment(str(status))}"
        params: dict[str, int | str] = {"page": page, "limit": limit}
        if from_ is not None:
            params["from"] = from_
        if to is not None:
            params["to"] = to
        if sorting is not None:
            params["sorting"] = sorting
        return self._expect(
            self._call("GET", path, params=httpx.QueryParams(params)), _PAYMENT_PAGE, path
        )

    def cancel_payment(self, request: CancelRequest) -> Payment:
        """`POST /payments/cancel`: refund `amount` of a payment whose balance is `checksum`."""
        _check_cancel(request)
        path = "/payments/cancel"
        merchant_uids = (request.merchant_uid,) if request.merchant_uid else ()
        change = _StateChange("cancel", merchant_uids, imp_uid=request.imp_uid)
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _PAYMENT, path, change)

    # ------------------------------------------------------------------ payment window

    def prepare_payment(self, merchant_uid: str, amount: int) -> PreparedPayment:
        """`POST /payments/prepare`: register the amount the window's payment must have, before
        the window opens; a `merchant_uid` already prepared or used → `ApiError`. A lost answer
        is `OutcomeUnknown`: read it back with `get_prepared_payment`."""
        path = "/payments/prepare"
        request = PrepareRequest(merchant_uid=merchant_uid, amount=amount)
        change = _StateChange("prepare", (merchant_uid,))
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _PREPARED, path, change)

    def get_prepared_payment(self, merchant_uid: str) -> PreparedPayment:
        """`GET /payments/prepare/{merchant_uid}`; none registered → `NotFoundError`."""
        path = f"/payments/prepare/{_segment(merchant_uid)}"
        return self._expect(self._call("GET", path), _PREPARED, path)

    def card_codes(self) -> list[CardCode]:
        """`GET /cards`: the card companies' codes and names (the payment window's choices)."""
        return self._expect(self._call("GET", "/cards"), _CARD_CODES, "/cards")

    # ------------------------------------------------------------------ escrow

    def register_escrow_logis(self, imp_uid: str, request: EscrowLogisRequest) -> EscrowLogis:
        """`POST /escrows/logis/{imp_uid}`: shipping info; already registered → `ApiError` 409."""
        path = f"/escrows/logis/{_segment(imp_uid)}"
        change = _StateChange("register_escrow_logis", imp_uid=imp_uid)
        answer = self._call("POST", path, json=request.to_wire(), change=change)
        return self._expect(answer, _ESCROW, path, change)

    def get_escrow_logis(self, imp_uid: str) -> EscrowLogis:
        """`GET /escrows/logis/{imp_uid}`; none registered (409) or no payment → `NotFoundError`."""
        path = f"/escrows/logis/{_segment(imp_uid)}"
        answer = self._call("GET", path)
        if answer.http_status == 409:
            message = answer.envelope.message or "no shipping info registered"
            raise NotFoundError(message, http_status=409, code=answer.envelope.code)
        return self._expect(answer, _ESCROW, path)

    # ------------------------------------------------------------------ internals

    def _charge(self, path: str, body: dict[str, Any], change: _StateChange) -> PaymentResult:
        answer = self._call("POST", path, json=body, change=change)
        envelope = answer.envelope
        merchant_uid = change.merchant_uids[0]
        if answer.ok:
            payment = self._expect(answer, _PAYMENT, path, change)
            if payment.status not in (PaymentStatus.PAID, PaymentStatus.FAILED):
                raise change.unknown(f"{path} answered with status {payment.status.value!r}")
            return PaymentResult.from_payment(payment)
        if is_uncertain_charge_message(envelope.message):
            raise change.unknown(f"{path}: {envelope.message}", answer.http_status)
        if 200 <= answer.http_status < 300 and is_decline_message(envelope.message):
            return PaymentResult.declined(merchant_uid, envelope.message or "", envelope.code)
        raise error_for(answer.http_status, envelope.code, envelope.message)

    def _expect(
        self,
        answer: _Answer,
        adapter: TypeAdapter[T],
        path: str,
        change: _StateChange | None = None,
    ) -> T:
        """The payload of a successful answer, or the typed error the answer stands for."""
        if not answer.ok:
            raise error_for(answer.http_status, answer.envelope.code, answer.envelope.message)
        return self._payload(answer, adapter, path, change)

    def _payload(
        self,
        answer: _Answer,
        adapter: TypeAdapter[T],
        path: str,
        change: _StateChange | None = None,
    ) -> T:
        if answer.envelope.response is None:
            reason = f"{path} succeeded (code 0) but returned no response object"
            if change is not None:
                raise change.unknown(reason, answer.http_status)
            raise ApiError(reason, http_status=answer.http_status, code=answer.envelope.code)
        return self._parse(answer.envelope.response, adapter, path, change, answer.http_status)

    @staticmethod
    def _parse(
        value: Any,
        adapter: TypeAdapter[T],
        path: str,
        change: _StateChange | None = None,
        http_status: int | None = None,
    ) -> T:
        try:
            return parse_payload(value, adapter)
        except MalformedResponse as exc:
            reason = f"{path}: {exc}"
            if change is not None:
                raise change.unknown(reason, http_status) from None
            raise ApiError(reason, http_status=http_status) from None

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: httpx.QueryParams | None = None,
        json: dict[str, Any] | None = None,
        change: _StateChange | None = None,
    ) -> _Answer:
        """Send an authenticated request and read its envelope."""
        response = self._send(method, path, params=params, json=json, change=change)
        try:
            envelope = decode_envelope(response.content)
        except MalformedResponse as exc:
            if change is not None and response.status_code < 400:
                raise change.unknown(f"{path}: {exc}", response.status_code) from None
            raise error_for(response.status_code, None, f"{path}: {exc}") from None
        return _Answer(response.status_code, envelope)

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: httpx.QueryParams | None = None,
        json: dict[str, Any] | None = None,
        change: _StateChange | None = None,
        authenticated: bool = True,
    ) -> httpx.Response:
        """One logical request: 401 refreshes the token once; safe calls retry on trouble.

        For a state-changing call (`change` given) a 5xx or any transport failure after the
        request may have left raises `OutcomeUnknown` at once; nothing is retried but the 401.
        """
        timeout = self._lookup_timeout if change is None else self._money_timeout
        retries_left = self._max_retries if change is None else 0
        refreshed = False
        attempt = 0
        while True:
            headers: dict[str, str] = {}
            token = self._tokens.get() if authenticated else None
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"
            response = self._attempt(method, path, params, json, headers, timeout)
            if isinstance(response, _Failure):
                # Only the httpx exception's class name is kept: the exception holds the
                # request (card data), so it must not travel on as a cause or context.
                failure = response
                _log.info("%s %s failed: %s", method, path, failure.name)
                if change is not None and not failure.certainly_not_sent:
                    raise change.unknown(f"{method} {path}: no answer ({failure.name})")
                if retries_left > 0:
                    retries_left -= 1
                    self._back_off(attempt)
                    attempt += 1
                    continue
                raise TransportError(f"{method} {path}: {failure.name}")
            _log.debug("%s %s -> %s", method, path, response.status_code)
            if response.status_code == 401 and token is not None and not refreshed:
                self._tokens.invalidate(token)
                refreshed = True
                continue
            if response.status_code >= 500 or response.status_code == 408:
                if change is not None:  # processed or not, nobody can tell: look it up
                    raise change.unknown(
                        f"{method} {path}: server error", http_status=response.status_code
                    )
                if retries_left > 0:
                    retries_left -= 1
                    self._back_off(attempt)
                    attempt += 1
                    continue
            return response

    def _attempt(
        self,
        method: str,
        path: str,
        params: httpx.QueryParams | None,
        json: dict[str, Any] | None,
        headers: dict[str, str],
        timeout: httpx.Timeout,
    ) -> httpx.Response | _Failure:
        """Send once; a transport failure comes back as a description, never as the exception."""
        try:
            return self._http.request(
                method, path, params=params, json=json, headers=headers, timeout=timeout
            )
        except httpx.HTTPError as exc:  # transport, decoding, redirects, streams: all of them
            return _Failure(type(exc).__name__, isinstance(exc, _NOT_SENT))

    def _back_off(self, attempt: int) -> None:
        time.sleep(self._retry_backoff * (2**attempt))


def as_schedule_page(found: SchedulePage | list[ScheduleResult]) -> SchedulePage:
    """Either shape of a schedule list as one page."""
    if isinstance(found, SchedulePage):
        return found
    return SchedulePage(total=len(found), list=found)


def _segment(value: str) -> str:
    """A path segment: refuse empty ids (they would hit another route) and escape the rest."""
    if not value:
        raise InvalidRequestError("an empty id cannot be looked up")
    return quote(value, safe="")


def _status_suffix(status: PaymentStatus | None) -> str:
    return f"/{status.value}" if status is not None else ""


def _check_cancel(request: CancelRequest) -> None:
    """Refuse refunds the caller cannot mean before anything is sent (DESIGN rule 3)."""
    if not request.imp_uid and not request.merchant_uid:
        raise InvalidRequestError("a cancel needs imp_uid or merchant_uid")
    if request.amount <= 0:
        raise InvalidRequestError(
            f"refusing to cancel amount {request.amount}: V1 treats 0 as a FULL refund; "
            "state the amount to refund"
        )
    if request.checksum <= 0:
        raise InvalidRequestError(f"checksum {request.checksum}: nothing left to refund")
    if request.amount > request.checksum:
        raise InvalidRequestError(
            f"refusing to cancel {request.amount} of a balance of {request.checksum}"
        )


__all__ = [
    "BILLING_KEY_BATCH_SIZE",
    "DEFAULT_BASE_URL",
    "SCHEDULE_LIST",
    "ChargeStatus",
    "IamportClient",
    "PaymentResult",
    "as_schedule_page",
]
