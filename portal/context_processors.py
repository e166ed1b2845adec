from .navigation import menu_for


def navigation(request):
    """The navigation menu of the signed-in user's role."""
    return {"nav_menu": menu_for(request.user)}
