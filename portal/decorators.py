"""View guards shared by every app: one, asking a django-rules permission by name."""
from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_required(perm):
    """Only signed-in users with ``perm`` (``portal.accounts.permissions``: e.g. "portal.city_area") may
    open the view; others get 403. What they may do to an object is asked again on the object."""
    if not rules.perm_exists(perm):
        raise ValueError(f"Unknown permission {perm!r}.")

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
