"""Alembic migrations of the store, shipped inside the package (see `kcp_pos.store.migrate`)."""
