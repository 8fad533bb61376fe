"""The first-run wizard (issue 12): language, shop, training or live, the first administrator."""
