"""Filing pages, grouped by entity; each URL has its line in the permission matrix (filings/tests/matrix*.py)."""
