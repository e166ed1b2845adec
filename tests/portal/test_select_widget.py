"""The project's select template (templates/django/forms/widgets/select.html) writes the same markup as
Django's, which renders each option through two includes."""
from django import forms
from django.forms.renderers import DjangoTemplates


class Pick(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", "B")], required=False)
    grouped = forms.ChoiceField(choices=[("Shandong", [("jn", "济南"), ("qd", "青岛")]), ("x", "Other")])
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])


def _normalised(html):
    return " ".join(html.split())


def test_the_select_renders_as_django_does():
    data = {"plain": "a", "grouped": "qd", "many": ["1", "2"]}
    ours = Pick(data)
    theirs = Pick(data, renderer=DjangoTemplates())  # Django's own templates only
    for name in ("plain", "grouped", "many"):
        assert _normalised(str(ours[name])) == _normalised(str(theirs[name]))


def test_the_chosen_option_is_selected_and_labels_are_escaped():
    html = str(Pick({"plain": "a"})["plain"])
    assert '<option value="a" selected>A &amp; B</option>' in html
    assert '<option value="b">B</option>' in html
