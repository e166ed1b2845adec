"""The PostgreSQL connection's planner settings come from the environment (PG_RANDOM_PAGE_COST)."""
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_each_postgresql_connection_prices_random_page_reads_for_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
