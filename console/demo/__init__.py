"""The demo generator: a realistic city and county branch with a year of orders (used by the CLI and the shell only)."""
