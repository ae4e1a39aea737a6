"""Advance notices of maintenance and fee-expiry reminders (R-PROM-5)."""
