"""Billing keys: issue, re-issue, read, delete, multi-lookup in batches, payments by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcp_pos.iamport.client import BILLING_KEY_BATCH_SIZE, IamportClient
from kcp_pos.iamport.errors import CardRejected, NotFoundError
from kcp_pos.iamport.models import AgainPaymentRequest
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from tests.iamport.conftest import (
    GOOD_CARD,
    Recorder,
    billing_key,
    card_ending,
    running_sandbox,
)


def test_billing_key_lifecycle(client: IamportClient) -> None:
    issued = client.issue_billing_key(
        "cust-1", billing_key(customer_name="김고객", customer_tel="010-1234-5678")
    )
    assert issued.customer_uid == "cust-1"
    assert issued.pg_provider == "kcp" and issued.pg_id == "A7NC2"
    assert issued.card_number == GOOD_CARD.replace("-", "")[:6] + "000000" + GOOD_CARD[-4:]
    assert issued.customer_name == "김고객"
    assert issued.inserted > 0 and issued.updated >= issued.inserted
    assert client.get_billing_key("cust-1") == issued

    replacement = client.issue_billing_key("cust-1", billing_key(card_ending("5678")))
    assert replacement.card_number is not None and replacement.card_number.endswith("5678")
    assert replacement.inserted == issued.inserted
    assert client.get_billing_key("cust-1").card_number == replacement.card_number

    deleted = client.delete_billing_key("cust-1", reason="고객 요청")
    assert deleted.customer_uid == "cust-1"
    with pytest.raises(NotFoundError):
        client.get_billing_key("cust-1")
    with pytest.raises(NotFoundError):
        client.delete_billing_key("cust-1")


def test_unknown_key_is_not_found_with_the_exact_message(client: IamportClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.get_billing_key("ghost")
    assert caught.value.http_status == 404 and caught.value.code == 1
    assert caught.value.message == "요청하신 customer_uid(ghost)로 등록된 정보를 찾을 수 없습니다."


def test_unknown_key_in_the_older_http_200_form_is_also_not_found(tmp_path: Path) -> None:
    with (
        running_sandbox(tmp_path / "sb", customer_not_found_status=200) as server,
        IamportClient(server.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client,
    ):
        with pytest.raises(NotFoundError) as on_get:
            client.get_billing_key("ghost")
        with pytest.raises(NotFoundError) as on_delete:
            client.delete_billing_key("ghost")
    assert (on_get.value.http_status, on_get.value.code) == (200, 1)
    assert (on_delete.value.http_status, on_delete.value.code) == (200, 1)


def test_issuing_with_a_refused_card_raises_card_rejected(client: IamportClient) -> None:
    with pytest.raises(CardRejected) as caught:
        client.issue_billing_key("cust-bad", billing_key(card_ending("0002")))
    assert caught.value.message.startswith("카드정보 인증 및 빌키 발급에 실패하였습니다")
    assert card_ending("0002") not in str(caught.value)
    with pytest.raises(NotFoundError):
        client.get_billing_key("cust-bad")


def test_multi_lookup_splits_into_batches_of_100(client: IamportClient, recorder: Recorder) -> None:
    uids = [f"cust-{n:03d}" for n in range(105)]
    for uid in uids[:3] + uids[-2:]:
        client.issue_billing_key(uid, billing_key())
    found = client.get_billing_keys([*uids, "cust-000"])  # a repeat costs no extra slot
    assert sorted(c.customer_uid for c in found) == sorted(uids[:3] + uids[-2:])
    assert recorder.count("/subscribe/customers", "GET") == 2  # 100 + 5


def test_multi_lookup_batch_with_nothing_found_contributes_nothing(
    client: IamportClient, recorder: Recorder
) -> None:
    client.issue_billing_key("only-one", billing_key())
    uids = [f"absent-{n}" for n in range(BILLING_KEY_BATCH_SIZE)] + ["only-one"]
    found = client.get_billing_keys(uids)  # first batch: 404; second: 200
    assert [c.customer_uid for c in found] == ["only-one"]
    assert client.get_billing_keys(["absent-1", "absent-2"]) == []
    assert client.get_billing_keys([]) == []


def test_multi_lookup_partial_207_returns_what_was_found(client: IamportClient) -> None:
    client.issue_billing_key("here-1", billing_key())
    client.issue_billing_key("here-2", billing_key())
    found = client.get_billing_keys(["here-1", "gone", "here-2"])
    assert sorted(c.customer_uid for c in found) == ["here-1", "here-2"]


def test_multi_lookup_refuses_a_bare_string(client: IamportClient) -> None:
    with pytest.raises(TypeError):
        client.get_billing_keys("cust-1")


def test_payments_by_billing_key(client: IamportClient, sandbox: SandboxServer) -> None:
    client.issue_billing_key("cust-pay", billing_key())
    for n in range(3):
        assert client.pay_again(
            AgainPaymentRequest(customer_uid="cust-pay", merchant_uid=f"o-{n}", amount=1_000 + n)
        ).paid
    page = client.get_billing_key_payments("cust-pay")
    assert page.total == 3
    assert sorted(p.amount for p in page.list) == [1_000, 1_001, 1_002]
    assert all(p.customer_uid == "cust-pay" for p in page.list)
    with pytest.raises(NotFoundError):
        client.get_billing_key_payments("ghost")


def test_uids_with_reserved_characters_are_escaped(client: IamportClient) -> None:
    uid = "고객 1?x=#a&b%"  # "/" is left out: servers decode %2F before routing
    client.issue_billing_key(uid, billing_key())
    assert client.get_billing_key(uid).customer_uid == uid
    assert client.delete_billing_key(uid).customer_uid == uid
