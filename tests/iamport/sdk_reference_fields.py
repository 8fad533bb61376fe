"""The JS SDK's field lists for NHN KCP, copied by hand from the reference, §12 ("JS SDK
`IMP.request_pay(param, callback)` — KCP-relevant parameters"), which cites PortOne's
`sdk/ko/v1-sdk/javascript-sdk/payrq.mdx` and `payrt.mdx` and the iamport-typings
`RequestPayParams.ts` / `RequestPayResponse.ts`. Not generated: the SDK has no OpenAPI document.
"""

from __future__ import annotations

REQUEST_PAY_PARAMS_USED: tuple[str, ...] = (
    "pg",
    "pay_method",
    "merchant_uid",
    "name",
    "amount",
    "tax_free",
    "buyer_name",
    "buyer_tel",
    "buyer_email",
    "buyer_addr",
    "buyer_postcode",
    "language",
    "escrow",
    "kcpProducts",
    "display",
    "card",
    "appCard",
    "bypass",
    "customer_uid",
)
"""The parameters this app sets (§12 lists more: `notice_url`, `m_redirect_url`, … which a
desktop window has no use for)."""

KCP_PRODUCT_PROPERTIES: tuple[str, ...] = ("orderNumber", "name", "quantity", "amount")

KCP_PAY_METHODS_USED: tuple[str, ...] = (
    "card",
    "trans",
    "vbank",
    "cultureland",
    "smartculture",
    "booknlife",
    "happymoney",
)

RESPONSE_FIELDS: tuple[str, ...] = (
    "success",
    "imp_success",
    "error_code",
    "error_msg",
    "imp_uid",
    "merchant_uid",
    "pay_method",
    "paid_amount",
    "status",
    "name",
    "pg_provider",
    "emb_pg_provider",
    "pg_tid",
    "pg_type",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "buyer_addr",
    "buyer_postcode",
    "custom_data",
    "paid_at",
    "receipt_url",
    "apply_num",
    "card_name",
    "card_number",
    "card_quota",
    "currency",
    "bank_name",
    "vbank_num",
    "vbank_name",
    "vbank_holder",
    "vbank_date",
)
