"""The shared PostgreSQL server: group roles, grants, row-level security, migrations under a lock."""
