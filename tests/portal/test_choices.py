"""``get_FOO_display`` through ``portal.choices``: the same label as Django's, in the active language."""
import pytest
from django.utils import translation

from applications.constants import Status
from applications.models import Application
from portal.accounts.models import Enterprise
from portal.choices import choice_labels


def test_the_label_is_translated_into_the_language_active_when_shown():
    app = Application(status=Status.SUBMITTED)
    with translation.override("en"):
        english = app.get_status_display()
        assert english == str(Status.SUBMITTED.label) == "Submitted, awaiting city pre-screen"
    with translation.override("zh-hans"):
        chinese = app.get_status_display()
        assert chinese == str(Status.SUBMITTED.label) == "已提交，待市级初审"


@pytest.mark.parametrize("status", list(Status))
def test_every_status_shows_the_same_label_as_django_would(status):
    app = Application(status=status)
    field = Application._meta.get_field("status")
    with translation.override("zh-hans"):
        assert app.get_status_display() == str(dict(field.flatchoices)[status])


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Application(status="no-such-status").get_status_display() == "no-such-status"


def test_the_table_is_built_once_per_field():
    field = Enterprise._meta.get_field("industry")
    assert choice_labels(field) is choice_labels(field)
