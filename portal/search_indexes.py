"""Trigram indexes for the portal's name searches, on PostgreSQL (a migration operation).

The lists search names with ``icontains``, which PostgreSQL runs as ``UPPER(col) LIKE UPPER('%…%')``:
no B-tree index helps a pattern with a leading wildcard, so at provincial scale every search read the
whole table. A GIN index of ``UPPER(col)`` with ``gin_trgm_ops`` (the pg_trgm extension) serves exactly
that expression. SQLite, the embedded default, has no such index and needs none at its sizes: the
operation does nothing there.
"""
from django.db import migrations


class TrigramIndex(migrations.operations.base.Operation):
    """Create (and on reverse drop) ``name``: a trigram GIN index of ``UPPER(column)`` on ``table``."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, *, table, column, name):
        self.table, self.column, self.name = table, column, name

    def state_forwards(self, app_label, state):
        pass  # not part of the models' state: a vendor-specific index, maintained here

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{self.name}" ON "{self.table}" USING gin (UPPER("{self.column}") gin_trgm_ops)'
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.name}"')

    def describe(self):
        return f"Trigram index {self.name} on {self.table}({self.column}) (PostgreSQL)"

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"table": self.table, "column": self.column, "name": self.name})
