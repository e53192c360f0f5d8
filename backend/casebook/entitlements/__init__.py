"""Entitlements (issue 13): what an account has bought — cases or hours over a period — kept as an
append-only ledger whose sum is the balance."""
