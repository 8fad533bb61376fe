"""Child process for the crash test: charges a card through the services and is killed mid-wait.

Usage: python -m tests.services.crash_child <sandbox_url> <store_dir> <merchant_uid>
Prints "SENDING" once the attempt is journalled, then blocks on the (stalled) response.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK
from tests.conftest import make_services
from tests.services.conftest import keyed_card


def main() -> None:
    url, store, merchant_uid = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    services = make_services(url, store, read_timeout=120.0)
    print("SENDING", flush=True)
    order = KeyedOrder(merchant_uid, 33_000, order_name="crash")
    charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    print("ANSWERED", flush=True)  # never reached: the parent kills us first


if __name__ == "__main__":
    main()
