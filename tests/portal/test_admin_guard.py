"""The Django admin cannot go round the portal's rules: records are read-only there, reference data edited
there leaves exactly one audit row, and nothing in use is deleted. Each test drives the admin from outside,
with the test client logged in as the admin persona, posting what a browser would post."""
import datetime
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from portal.admin_base import AuditedAdmin, RecordAdmin
from portal.models import AuditEntry
from tests.factories import UserFactory, city
from tests.tiers.factories import RoundFactory, TitleFactory

pytestmark = pytest.mark.django_db

# The one decision per registered model. Reference data admins may edit in the Django admin, each with the
# change the generic test makes (None: nothing is editable, the test deletes one instead); every other
# registered model is a record and must use RecordAdmin. Registering a model without deciding fails
# test_every_registered_model_is_decided.
EDITABLE = {
    "tiers.Segment": {"name_en": "Production operations (revised)"},
    "tiers.Tier": {"outcomes_en": "Outcomes, revised."},
    "tiers.SegmentRequirement": {"text_en": "Requirement, revised."},
    "tiers.ScenarioGuide": {"document_number": "工信厅通装函〔2025〕155号（修订）"},
    "tiers.Scenario": {"name_en": "Scenario, revised"},
    "portal.CalendarDay": {"name": "国庆节（调整）"},
    "review.RubricCriterion": {"name_en": "Criterion, revised"},
    "review.ExpertPanelSize": {"experts": "5"},
    "accounts.User": {"first_name": "改名"},
    "accounts.City": {"bureau_name": "济南市工业和信息化局（新）"},
    "auth.Group": {"name": "审核组（新）"},
    "axes.AccessAttempt": None,
    "django_celery_beat.PeriodicTask": {"description": "revised"},
    "django_celery_beat.IntervalSchedule": {"every": "7"},
    "django_celery_beat.CrontabSchedule": {"minute": "5"},
    "django_celery_beat.SolarSchedule": {"latitude": "36.6"},
    "django_celery_beat.ClockedSchedule": {"clocked_time_0": "2030-01-02"},
}


def _sample(label, admin_user):
    """One row of ``label`` that nothing refers to, or the reference data the migrations load."""
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from portal.calendar.models import CalendarDay
    from review.models import ExpertPanelSize, RubricCriterion
    from tiers.models import Scenario, ScenarioGuide, Segment, SegmentRequirement, Tier

    basic = Tier.objects.get(code="basic")
    make = {
        "tiers.Segment": lambda: Segment.objects.first(),
        "tiers.Tier": lambda: basic,
        "tiers.SegmentRequirement": lambda: SegmentRequirement.objects.first(),
        "tiers.ScenarioGuide": lambda: ScenarioGuide.objects.first(),
        "tiers.Scenario": lambda: Scenario.objects.first(),
        "portal.CalendarDay": lambda: CalendarDay.objects.create(date=datetime.date(2031, 10, 1), kind="holiday",
                                                                 name="国庆节"),
        "review.RubricCriterion": lambda: RubricCriterion.objects.create(tier=basic, name_zh="标准", name_en="Criterion",
                                                                         weight=10),
        "review.ExpertPanelSize": lambda: ExpertPanelSize.objects.create(round=RoundFactory(), tier=basic, experts=3),
        "accounts.User": lambda: UserFactory(username="someone", expert=True),
        "accounts.City": lambda: city("370100"),
        "auth.Group": lambda: Group.objects.create(name="审核组"),
        "axes.AccessAttempt": lambda: AccessAttempt.objects.create(username="x", ip_address="10.0.0.1",
                                                                   failures_since_start=3, get_data="", post_data="",
                                                                   http_accept="", path_info="/"),
        "django_celery_beat.PeriodicTask": lambda: PeriodicTask.objects.create(
            name="probe", task="portal.probe", interval=IntervalSchedule.objects.create(every=1, period="days")),
        "django_celery_beat.IntervalSchedule": lambda: IntervalSchedule.objects.create(every=3, period="hours"),
        "django_celery_beat.CrontabSchedule": lambda: CrontabSchedule.objects.create(minute="0", hour="3"),
        "django_celery_beat.SolarSchedule": lambda: SolarSchedule.objects.create(event="sunrise", latitude=36.65,
                                                                                 longitude=117.0),
        "django_celery_beat.ClockedSchedule": lambda: ClockedSchedule.objects.create(clocked_time=timezone.now()),
    }
    return make[label]()


class _FormFields(HTMLParser):
    """The name=value pairs a browser would submit from the admin's change form (inlines included)."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._select, self._textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.data.pop()
            self.data.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self.data and self.data[-1][0] == self._textarea and self.data[-1][1].startswith("\n"):
                self.data[-1] = (self._textarea, self.data[-1][1][1:])  # the newline HTML drops after <textarea>
            self._textarea = None


def change_form(client, url):
    """GET the admin change page; the submitted data as a dict of lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def audit_rows():
    """The admin's audit rows (the security log's sign-ins and refusals are another matter)."""
    return AuditEntry.objects.exclude(verb__startswith="security.").order_by("pk")


# --- the bypasses of the brief ---------------------------------------------------------------------------

def test_round_cannot_be_set_to_close_after_the_measures_end(client_for, admin_user):
    round = RoundFactory()
    client = client_for(admin_user)
    page = client.get(admin_url(round)).content.decode()
    assert reverse("tiers:round_edit", args=[round.pk]) in page and "第十九条" in page

    closes_at = round.closes_at
    response = client.post(admin_url(round), {
        "year": 2031, "name": round.name, "opens_at_0": "2031-01-01", "opens_at_1": "00:00:00",
        "closes_at_0": "2031-12-31", "closes_at_1": "00:00:00", "tiers": [1], "cities": [1], "_save": "1",
    })

    assert response.status_code == 403
    round.refresh_from_db()
    assert round.closes_at == closes_at and round.year == 2026
    assert client.post(reverse("admin:tiers_round_add"), {"name": "x"}).status_code == 403
    assert not audit_rows().exists()


def test_title_enterprise_name_cannot_be_changed_outside_a_rename(client_for, admin_user):
    title = TitleFactory(enterprise_name="济南智造装备有限公司")
    client = client_for(admin_user)
    page = client.get(admin_url(title)).content.decode()
    assert "第十六条" in page and 'name="enterprise_name"' not in page

    assert client.post(admin_url(title), {"enterprise_name": "别的公司", "_save": "1"}).status_code == 403
    # simple_history's revert form saves for anyone who may view the history: refused too.
    version = title.history.earliest()
    revert = reverse("admin:titles_title_simple_history", args=[title.pk, version.history_id])
    assert client.post(revert, {"enterprise_name": "别的公司", "year": 2025}).status_code == 403

    title.refresh_from_db()
    assert title.enterprise_name == "济南智造装备有限公司"
    assert not audit_rows().exists()


def _plan_in_use(admin_user):
    from tiers import services
    from tiers.models import Tier

    round = RoundFactory()
    return services.create_quota_plan(round=round, tier=Tier.objects.get(code="advanced"), total=10,
                                      acting_user=admin_user)


def test_quota_plan_and_its_round_cannot_be_deleted(client_for, admin_user):
    plan = _plan_in_use(admin_user)
    quotas = plan.cities.count()
    rows = audit_rows().count()
    client = client_for(admin_user)

    assert client.post(admin_url(plan, "delete"), {"post": "yes"}).status_code == 403
    assert client.post(admin_url(plan.round, "delete"), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:tiers_quotaplan_changelist"),
                {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"})
    client.post(admin_url(plan.cities.first(), "delete"), {"post": "yes"})

    assert plan.cities.count() == quotas > 0
    assert type(plan).objects.filter(pk=plan.pk).exists()
    assert audit_rows().count() == rows


def test_return_comments_and_conflict_declarations_cannot_be_deleted(client_for, admin_user, enterprise_user,
                                                                     jinan_official, expert):
    from applications.constants import Status
    from applications.models import ReturnComment
    from review.models import ConflictDeclaration
    from tests.applications.factories import make_application

    make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    comment = ReturnComment.objects.get()
    declaration = ConflictDeclaration.objects.create(expert=expert, enterprise=enterprise_user.enterprise,
                                                     reason="曾任该企业顾问", recorded_by=admin_user)
    client = client_for(admin_user)

    for obj in (comment, declaration):
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
        assert client.post(admin_url(obj), {"text": "x", "reason": "x", "_save": "1"}).status_code == 403
        changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
        client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists()


# --- every registered model --------------------------------------------------------------------------------

def test_every_registered_model_is_decided():
    undecided, wrong = [], []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label in EDITABLE:
            if not isinstance(model_admin, AuditedAdmin):
                wrong.append(f"{label} is listed as editable but its admin is not an AuditedAdmin")
        elif not isinstance(model_admin, RecordAdmin):
            undecided.append(label)
    assert undecided == [], "register these with RecordAdmin, or add them to EDITABLE with an AuditedAdmin"
    assert wrong == []
    assert set(EDITABLE) <= {m._meta.label for m in admin.site._registry}


def test_records_cannot_be_added_changed_or_deleted_by_an_admin(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if model._meta.label not in EDITABLE:
            assert not model_admin.has_delete_permission(request), model._meta.label
            assert not model_admin.has_change_permission(request), model._meta.label
            assert not model_admin.has_add_permission(request), model._meta.label


@pytest.mark.parametrize("label", sorted(EDITABLE))
def test_a_change_in_the_admin_writes_exactly_one_audit_row(label, client_for, admin_user):
    obj = _sample(label, admin_user)
    client = client_for(admin_user)
    before = audit_rows().count()

    if EDITABLE[label] is None:
        response = client.post(admin_url(obj, "delete"), {"post": "yes"})
        assert response.status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()
        verb = "admin.deleted"
    else:
        data = change_form(client, admin_url(obj))
        data.update({name: [value] for name, value in EDITABLE[label].items()})
        response = client.post(admin_url(obj), {**data, "_save": "1"})
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        verb = "admin.changed"

    rows = list(audit_rows()[before:])
    assert [(r.verb, r.actor, r.object_id) for r in rows] == [(verb, admin_user, str(obj.pk))]
    if verb == "admin.changed":
        field = next(iter(EDITABLE[label])).removesuffix("_0")
        assert set(rows[0].before) == set(rows[0].after) == {field}


# --- audited edits: inlines, deletes, actions, passwords ---------------------------------------------------

def test_inline_requirement_edited_on_its_tier_is_in_the_tiers_audit_row(client_for, admin_user):
    from tiers.models import Tier

    tier = Tier.objects.get(code="advanced")
    client = client_for(admin_user)
    data = change_form(client, admin_url(tier))
    requirement = tier.requirements.get(pk=data["requirements-0-id"][0])
    data["requirements-0-text_en"] = ["Revised in the tier's page."]

    assert client.post(admin_url(tier), {**data, "_save": "1"}).status_code == 302

    row = audit_rows().get()
    key = f"segmentrequirement:{requirement}"
    assert row.verb == "admin.changed" and row.object_id == str(tier.pk)
    assert row.after == {key: {"text_en": "Revised in the tier's page."}}
    assert row.before == {key: {"text_en": requirement.text_en}}


def test_deletes_are_audited_one_row_each_and_bulk_deletes_too(client_for, admin_user):
    from portal.calendar.models import CalendarDay

    days = [CalendarDay.objects.create(date=datetime.date(2031, 5, d), kind="holiday", name="劳动节") for d in (1, 2, 3)]
    client = client_for(admin_user)

    assert client.post(admin_url(days[0], "delete"), {"post": "yes"}).status_code == 302
    client.post(reverse("admin:portal_calendarday_changelist"),
                {"action": "delete_selected", "_selected_action": [d.pk for d in days[1:]], "post": "yes"})

    assert not CalendarDay.objects.exists()
    rows = list(audit_rows())
    assert [(r.verb, r.object_id) for r in rows] == [("admin.deleted", str(d.pk)) for d in days]
    assert rows[0].before["name"] == "劳动节" and all(r.actor == admin_user for r in rows)


def test_reference_data_in_use_is_refused_cleanly_with_the_reason(client_for, admin_user):
    from tiers.models import Segment

    segment = Segment.objects.get(code="production_operations")
    client = client_for(admin_user)
    response = client.post(admin_url(segment, "delete"), {"post": "yes"})
    bulk = client.post(reverse("admin:tiers_segment_changelist"),
                       {"action": "delete_selected", "_selected_action": [segment.pk], "post": "yes"})

    assert response.status_code == bulk.status_code == 200  # Django's "cannot delete" page, not a 500
    assert "不能删除" in response.content.decode()
    assert Segment.objects.filter(pk=segment.pk).exists() and not audit_rows().exists()


def test_a_second_current_guide_edition_is_a_form_error_not_a_500(client_for, admin_user):
    from tiers.models import ScenarioGuide

    new = ScenarioGuide.objects.create(title="智能制造典型场景参考指引", edition="2027")
    client = client_for(admin_user)
    data = change_form(client, admin_url(new))
    data["is_current"] = ["on"]

    response = client.post(admin_url(new), {**data, "_save": "1"})

    assert response.status_code == 200 and response.context["adminform"].form.errors
    new.refresh_from_db()
    assert not new.is_current and ScenarioGuide.objects.filter(is_current=True).count() == 1
    assert not audit_rows().exists()


def test_an_admin_action_that_changes_rows_is_audited(client_for, admin_user):
    task = _sample("django_celery_beat.PeriodicTask", admin_user)
    client_for(admin_user).post(reverse("admin:django_celery_beat_periodictask_changelist"),
                                {"action": "disable_tasks", "_selected_action": [task.pk]})
    task.refresh_from_db()
    assert not task.enabled
    row = audit_rows().get()
    assert row.verb == "admin.action" and row.after["action"] == "disable_tasks"
    assert row.after["selected"] == [str(task.pk)]


def test_a_password_set_in_the_admin_is_audited_without_the_password(client_for, admin_user):
    user = UserFactory(username="someone", expert=True)
    response = client_for(admin_user).post(reverse("admin:auth_user_password_change", args=[user.pk]), {
        "usable_password": "true", "password1": "Neues-Passwort-2031", "password2": "Neues-Passwort-2031",
    })
    assert response.status_code == 302
    row = audit_rows().get()
    assert row.verb == "admin.changed" and row.object_id == str(user.pk)
    assert "Neues-Passwort-2031" not in str(row.before) + str(row.after) + row.message
    assert user.password not in str(row.after)


def test_an_addition_in_the_admin_is_audited_with_its_values(client_for, admin_user):
    from portal.calendar.models import CalendarDay

    response = client_for(admin_user).post(reverse("admin:portal_calendarday_add"),
                                           {"date": "2031-10-08", "kind": "working_day", "name": "国庆调休",
                                            "_save": "1"})

    assert response.status_code == 302
    day = CalendarDay.objects.get(date=datetime.date(2031, 10, 8))
    row = audit_rows().get()
    assert (row.verb, row.actor, row.object_id) == ("admin.added", admin_user, str(day.pk))
    assert row.before is None and row.after == {"date": "2031-10-08", "kind": "working_day", "name": "国庆调休"}
