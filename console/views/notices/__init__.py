"""Advance notices and fee-expiry reminders, and their SMS lists (R-PROM-5)."""
