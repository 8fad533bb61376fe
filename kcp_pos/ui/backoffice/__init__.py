"""The back office (issue 11): transactions, refunds, reports, reconciliation, audit."""
