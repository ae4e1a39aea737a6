"""Who may do what (permissions), sign-in on SQLite and PostgreSQL, the staff and branch directory."""
