"""Writing generated rows straight into their tables: COPY on PostgreSQL, batched INSERTs elsewhere.

Rows are dicts keyed by the model's attribute names (``enterprise_id``, not ``enterprise``) and carry
their own primary key, allocated here, so rows of other tables can point at them before anything is
written. Fields a row leaves out take the model field's default.

Why not ``bulk_create``: it fills ``auto_now_add`` fields with the current time, which would date
every audit row and application "now", and it builds a model instance per row, which is most of the
cost at millions of rows. COPY sends the rows as text in one stream per table; on SQLite (the tests)
``executemany`` sends the same rows with Django's own value conversion. Neither calls ``save()``, so
``portal.lifecycle.StateGuardMixin`` (which guards ``save()`` of state fields) does not object: the
generator writes states the transitions would have reached, with the artefacts those transitions leave.
"""
import datetime
import decimal
import io
import json
import uuid

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

COPY_BATCH = 100_000
INSERT_BATCH = 2_000


def _escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_text(field):
    """A function turning a Python value of ``field`` into COPY's text format."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        return lambda v: _escape(json.dumps(v, ensure_ascii=False, cls=_Encoder))
    if internal == "BooleanField":
        return lambda v: "t" if v else "f"

    def convert(v):
        if isinstance(v, str):
            return _escape(v)
        if isinstance(v, datetime.datetime | datetime.date):
            return v.isoformat()
        return str(v)

    return convert


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.date | datetime.datetime):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


class Writer:
    """Allocates primary keys and writes rows of any model; counts what it wrote."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self._next_id = {}
        self.written = {}
        self._touched = []

    def ids(self, model, n):
        """``n`` fresh primary keys of ``model``, after every existing one."""
        if model not in self._next_id:
            self._next_id[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + n
        return range(start, start + n)

    def write(self, model, rows):
        """Write ``rows`` (dicts of attribute names) into ``model``'s table; returns how many."""
        rows = list(rows)
        if not rows:
            return 0
        fields = model._meta.concrete_fields
        now = timezone.now()
        defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = now
            elif f.has_default():
                defaults[f.attname] = f.get_default()
            elif f.null:
                defaults[f.attname] = None
            elif f.blank and f.get_internal_type() in ("CharField", "TextField", "FileField"):
                defaults[f.attname] = ""
        names = [f.attname for f in fields]
        missing = [n for n in names if n not in rows[0] and n not in defaults]
        if missing:
            raise ValueError(f"{model.__name__} rows lack {missing}")
        if self.postgres:
            self._copy(model, fields, names, defaults, rows)
        else:
            self._insert(model, fields, names, defaults, rows)
        if model not in self._touched:
            self._touched.append(model)
        self.written[model] = self.written.get(model, 0) + len(rows)
        return len(rows)

    def _copy(self, model, fields, names, defaults, rows):
        converters = [_copy_text(f) for f in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), COPY_BATCH):
                buffer = io.StringIO()
                lines = []
                for row in rows[start:start + COPY_BATCH]:
                    values = []
                    for name, convert in zip(names, converters, strict=True):
                        v = row[name] if name in row else defaults[name]
                        values.append("\\N" if v is None else convert(v))
                    lines.append("\t".join(values))
                buffer.write("\n".join(lines))
                buffer.write("\n")
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)

    def _insert(self, model, fields, names, defaults, rows):
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), INSERT_BATCH):
                params = [
                    [f.get_db_prep_save(row[n] if n in row else defaults[n], connection)
                     for f, n in zip(fields, names, strict=True)]
                    for row in rows[start:start + INSERT_BATCH]
                ]
                cursor.executemany(sql, params)

    def finish(self):
        """Move each written table's id sequence past the ids given here (PostgreSQL; SQLite follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self._touched)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
