"""“Continue editing” opens the first step still incomplete, and each step button says whether the
step is done, missing something or commented by the reviewers."""
import re

import pytest
from django.urls import reverse

from applications.constants import Status, segment_section
from applications.steps import resume_step, step_states
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db


def continue_link(client, application):
    html = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    return re.search(r'href="/applications/\d+/step/([^/"]+)/">(?:继续填写|Continue editing|修改申报|Revise the application)',
                     html).group(1)


def test_a_new_draft_resumes_at_the_first_step_with_something_missing(client_for, enterprise_user):
    draft = make_application(enterprise_user, complete=False)
    states = step_states(draft)
    assert states["basics"] == "done" and states["declarations"] == "missing" and states["review"] == "missing"
    assert resume_step(draft) == "declarations"
    assert continue_link(client_for(enterprise_user), draft) == "declarations"


def test_a_complete_draft_resumes_at_the_final_check(client_for, enterprise_user):
    draft = make_application(enterprise_user)
    states = step_states(draft)
    assert {k: v for k, v in states.items() if v == "missing"} == {}
    assert resume_step(draft) == "review"
    page = client_for(enterprise_user).get(reverse("applications:step", args=[draft.pk, "maturity"])).content.decode()
    assert page.count('data-state="done"') >= 5


def test_a_returned_application_resumes_at_the_commented_step(client_for, enterprise_user, jinan_official):
    returned = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    key = segment_section("production_operations")
    assert step_states(returned)[key] == "commented"
    assert resume_step(returned) == key
    assert continue_link(client_for(enterprise_user), returned) == key
