"""Every history says its rows in sentences (``portal.audit_sentences``): each verb the code can write
has one in both languages, changed fields read "field: before → after" by their verbose names, and
no page or export shows a raw verb or a dict to its reader (the export keeps the verb in its own column)."""
import ast
import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from portal.accounts.models import User
from portal.audit import audit
from portal.audit_sentences import change_text, label_for, sentence
from portal.models import AuditEntry

ROOT = Path(__file__).resolve().parent.parent.parent
VERB = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _constants(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)


def written_verbs():
    """{verb: file} for every verb the code passes to ``audit``, to ``security_log.record``, as a
    ``verb=`` (a lifecycle's transition, a render) or assigns to a variable named ``verb``."""
    found = {}
    for package in ("portal", "tiers", "applications", "review"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                values = []
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                    if name == "audit" and len(node.args) > 1:
                        values += _constants(node.args[1])
                    if name == "record" and node.args:
                        values += _constants(node.args[0])
                    values += [v for kw in node.keywords if kw.arg == "verb" for v in _constants(kw.value)]
                if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "verb" for t in node.targets):
                    values += _constants(node.value)
                found.update({v: str(path.relative_to(ROOT)) for v in values if VERB.match(v)})
    return found


def said_in_both_languages(verb):
    labels = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            labels[language] = label_for(verb)
    return all(labels.values()) and verb not in labels.values()


def test_every_verb_the_code_writes_has_a_sentence_in_both_languages():
    verbs = written_verbs()
    assert len(verbs) > 120 and "review.recommended" in verbs and "security.signed_in" in verbs
    unnamed = {verb: path for verb, path in verbs.items() if not said_in_both_languages(verb)}
    assert unnamed == {}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, no attributes, no scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", stdout=io.StringIO())


def test_every_verb_of_the_demo_is_said_and_no_page_or_export_shows_a_verb_or_a_dict(demo, client_for):
    client = client_for(User.objects.get(username="admin"))  # signing in is a row too
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert len(verbs) > 30
    assert {verb for verb in verbs if not said_in_both_languages(verb)} == set()
    log = client.get("/console/audit/?ordering=verb", follow=True)
    assert log.status_code == 200
    home = client.get("/console/", follow=True)
    pages = {"audit log": visible(log.content.decode()), "admin home": visible(home.content.decode())}
    for name, text in pages.items():
        assert not [verb for verb in verbs if verb in text], name
        assert "{'" not in text and '{"' not in text and "[{" not in text, name
    assert "→" in pages["audit log"]
    from portal import audit_sentences

    unnamed = set()
    for entry in AuditEntry.objects.all():
        model = audit_sentences._model_of(entry)
        for values in (entry.before, entry.after):
            for key in values if isinstance(values, dict) else ():
                if audit_sentences._field(model, key) is None and key not in audit_sentences.FIELDS:
                    unnamed.add(key)
    assert unnamed == set()  # every key a change shows is named in the reader's language
    export = client.get("/console/audit/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")
                                       if export.streaming else export.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    verb_column = len(header) - 1  # the last column: the raw verb, for machines
    assert {row[verb_column] for row in body} <= verbs  # the raw verb, for machines, in its own column
    for row in body:
        readable = [cell for i, cell in enumerate(row) if i != verb_column]
        assert row[verb_column] not in readable and not any(cell.startswith(("{", "[")) for cell in readable)


def test_a_change_reads_field_before_and_after_by_verbose_name_and_choice_label(enterprise_user):
    entry = audit(None, "accounts.activated", enterprise_user, before={"role": "enterprise", "is_active": False},
                  after={"role": "city_official", "is_active": True, "pdf_pages": 3})
    with translation.override("en"):
        role, active = User._meta.get_field("role"), User._meta.get_field("is_active")
        labels = dict(role.flatchoices)
        assert change_text(entry) == (f"{role.verbose_name}: {labels['enterprise']} → {labels['city_official']}; "
                                      f"{active.verbose_name}: no → yes; pdf pages: 3")
        assert sentence(entry) == f"Account activated: {change_text(entry)}"
        assert sentence(audit(None, "nobody.named_this", enterprise_user)) == "Recorded"
