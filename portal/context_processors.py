from .navigation import menu_for


def navigation(request):
    """The navigation menu of the signed-in user's role."""
    return {"nav_menu": menu_for(request.user)}


def notifications(request):
    """The signed-in user's unread notifications, for the badge in the navigation (one indexed count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .notifications import unread_count

    return {"unread_notifications": unread_count(user)}
