"""DESIGN rule 4 for PortOne's list: payments made on the sandbox directly with distinctive card
data, merged into the ledger and reconciled (fixes applied, audited), leave no form of the card
number, the birth date or the PIN digits in any file of the store or the sandbox."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr

from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.reconciliation import apply_fixes, compare
from kcp_pos.services.remote_payments import merge_into_ledger
from tests.iamport.conftest import onetime
from tests.reconcile_support import refund, sandbox_now
from tests.services.test_card_data_never_rests import BIRTH, CARD, PWD, _all_bytes, _forms


def test_no_card_data_at_rest_after_a_merge_and_a_reconciliation(
    services: AppServices, sandbox: SandboxServer, store_dir: Path, tmp_path: Path
) -> None:
    since = sandbox_now(sandbox) - timedelta(hours=1)
    dashed = "-".join(CARD[i : i + 4] for i in range(0, 16, 4))
    request = onetime("card-data-merged", 7000, card_number=dashed, pwd_2digit=PWD)
    request = request.model_copy(update={"birth": SecretStr(BIRTH)})
    merged = services.client.pay_onetime(request).payment
    other = services.client.pay_onetime(
        onetime("card-data-reconciled", 8000, card_number=dashed, pwd_2digit=PWD)
    ).payment
    assert merged is not None and other is not None
    until = sandbox_now(sandbox) + timedelta(minutes=1)
    assert merge_into_ledger(services, since, until).recorded == 2
    refund(services.client, other, 1000)
    found = compare(services, since, until)
    assert len(found.differences) == 1
    apply_fixes(services, found.differences, operator=Operator("manager", Role.MANAGER))

    files = _all_bytes(store_dir, tmp_path / "sandbox")
    for path, data in files.items():
        text = data.decode("utf-8", errors="replace")
        for form in _forms(CARD):
            assert form not in text, f"card number form found in {path.name}"
        assert BIRTH not in text, f"birth date found in {path.name}"
