"""A task only the test worker loads (``--include tests.portal.celery_probe``), to prove that the worker
runs our code against the test database. Not part of the portal."""
from celery import shared_task


@shared_task(name="tests.usernames")
def usernames_task():
    """The user names the worker sees in its database, sorted."""
    from portal.accounts.models import User

    return sorted(User.objects.values_list("username", flat=True))
