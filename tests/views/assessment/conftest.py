"""The assessment views' tests run on one SQLite store each (the views are backend-blind; the
services' tests cover PostgreSQL), with the services' hand-built months and districts."""

from __future__ import annotations

import pytest

from console.store import open_store
from tests.services.assessment.test_assessment import month  # noqa: F401 - the hand-built month
from tests.services.assessment.test_clock_start_and_year import provisional  # noqa: F401 - a 2027 due
from tests.services.assessment.test_servants import served  # noqa: F401 - a district with a servant


@pytest.fixture
def store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    yield st
    st.dispose()
