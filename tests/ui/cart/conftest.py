"""The cart page attached to the sandbox-backed services, in English, for the shop 'Happy
Flowers' (the cart, escrow and virtual-account tests share it)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kcp_pos.settings.model import Settings
from kcp_pos.ui.cart.page import CartPage
from tests.ui.conftest import AttachPage


@pytest.fixture
def page(qtbot: QtBot, attach_page: AttachPage) -> CartPage:
    cart = CartPage("en", Settings(merchant_name="Happy Flowers"))
    qtbot.addWidget(cart)
    attach_page(cart)
    cart.set_backend_state(True, "")
    cart.show()
    return cart
