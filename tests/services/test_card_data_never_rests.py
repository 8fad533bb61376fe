"""DESIGN rule 4: after every service flow with distinctive card data, no file written by the
store or the sandbox holds the card number, the birth date or the PIN digits in any form."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from kcp_pos.domain.card_number import luhn_check_digit
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.recovery import check_leftovers
from tests.conftest import arm_fault
from tests.services.conftest import keyed_card

BODY = "557042" + "739182" + "645"
CARD = BODY + luhn_check_digit(BODY)
BIRTH = "741129"
PWD = "47"


def _forms(card: str) -> list[str]:
    groups = [card[i : i + 4] for i in range(0, 16, 4)]
    return [card, "-".join(groups), " ".join(groups), card[6:12] + card[12:], json.dumps(card)]


def _all_bytes(*roots: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for root in roots for p in root.rglob("*") if p.is_file()}


def test_no_card_data_in_any_file_after_every_flow(
    services: AppServices, sandbox: SandboxServer, store_dir: Path, tmp_path: Path
) -> None:
    card = keyed_card(CARD, birth=BIRTH, pwd_2digit=PWD)
    now = datetime.now(UTC)
    charge_keyed(
        services, card, KeyedOrder(new_merchant_uid(now=now), 10_000), operator=LOCAL_CLERK
    )
    charge_keyed(
        services,
        card,
        KeyedOrder(
            new_merchant_uid(now=now),
            60_000,
            buyer_name="김",
            card_quota=2,
            save_as_customer_uid="cust_x1",
        ),
        operator=LOCAL_CLERK,
    )
    registration = new_card_registration(name="박", customer_uid="cust_x2")
    register_card(services, card, registration, operator=LOCAL_CLERK)
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=2)
    charge_keyed(
        services, card, KeyedOrder(new_merchant_uid(now=now), 20_000), operator=LOCAL_CLERK
    )
    check_leftovers(services, tuple(a.id for a in services.journal.unresolved()))

    files = _all_bytes(store_dir, tmp_path / "sandbox")
    assert files, "the flows wrote nothing?"
    for path, data in files.items():
        text = data.decode("utf-8", errors="replace")
        for form in _forms(CARD):
            assert form not in text, f"card number form found in {path.name}"
        assert BIRTH not in text, f"birth date found in {path.name}"
        assert f'"pwd_2digit": "{PWD}"' not in text and "pwd_2digit" not in text, path.name
