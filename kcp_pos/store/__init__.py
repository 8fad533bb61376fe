"""Local persistence: payment ledger, customer directory, attempt journal, audit log."""
