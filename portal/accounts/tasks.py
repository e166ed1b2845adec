"""The background work of accounts, as outbox handlers (``portal.outbox``)."""
from portal import outbox

from .models import User


@outbox.handler("accounts.send_set_password_email", max_attempts=8)
def send_set_password_email(user_id: int) -> str:
    """E-mail a new staff account its set-password link (``services.send_set_password_email``)."""
    from .services import send_set_password_email as send

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return "gone"
    send(user)
    return "sent"
