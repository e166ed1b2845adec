"""On the embedded default (eager tasks, no worker) the outbox's work of a request runs after its response:
submitting an application answers at once, and its documents are rendered once the response is out."""
from unittest import mock

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory, TestCase
from django.test.client import ClientHandler
from django.urls import reverse

from applications.constants import Status
from applications.models import Application, GeneratedDocument
from portal.rendering import RenderStatus
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db


class CommitInsideTheRequest:
    """Innermost middleware of this test: the test's transaction never commits, so the on_commit callbacks
    the view registered run as its response comes back, still inside the request, where the commit at the
    end of the view's own transaction runs them in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return self.get_response(request)


def signed_in_post(client, user, url, data):
    """A POST of ``user``, built to go through every middleware without the test client's own closing."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookies = "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())
    request = RequestFactory().post(url, data, HTTP_COOKIE=cookies)
    request._dont_enforce_csrf_checks = True
    return request


def test_submitting_on_the_embedded_default_returns_before_the_documents_render(enterprise_user, client, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    app = make_application(enterprise_user, tier_code="basic")
    events = []
    from applications import documents

    real_render = documents.render_document

    def render(document):
        events.append(("render", document.kind))
        return real_render(document)

    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.CommitInsideTheRequest"]
    handler = ClientHandler(enforce_csrf_checks=False)
    handler.load_middleware()
    request = signed_in_post(client, enterprise_user, reverse("applications:transition", args=[app.pk, "submit"]), {})
    with mock.patch.object(documents, "render_document", side_effect=render):
        response = handler.get_response(request)  # what the server writes to the browser
        events.append(("response", response.status_code))
        assert Application.objects.get(pk=app.pk).status == Status.SUBMITTED
        assert set(GeneratedDocument.objects.filter(application=app).values_list("status", flat=True)) == {
            RenderStatus.PENDING}
        # The server closes the response once it is sent: the deferred work runs now. Closing also sends
        # request_finished, whose close_old_connections would close the test's transaction's connection on
        # PostgreSQL; Django's test client leaves it out the same way.
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)

    assert events[0] == ("response", 302)
    assert sorted(events[1:]) == [("render", "application_form"), ("render", "pledge")]
    assert set(GeneratedDocument.objects.filter(application=app).values_list("status", flat=True)) == {
        RenderStatus.READY}
