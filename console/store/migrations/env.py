"""Alembic environment: runs on the connection the store hands over (or on the URL)."""

from alembic import context
from sqlalchemy import create_engine

from console.models import Base

target_metadata = Base.metadata
config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


conn = config.attributes.get("connection")
if conn is not None:
    run(conn)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as c:
        run(c)
