"""Panels on the role landing pages, contributed by the apps.

An app registers a function ``panel(request) -> dict | None`` for a role; the dict has a
``template`` to include and its context. Registration happens in the app's ``AppConfig.ready``.
"""
from collections import defaultdict

_PANELS = defaultdict(list)


def register_panel(role, order=100):
    def decorator(func):
        _PANELS[role].append((order, func))
        _PANELS[role].sort(key=lambda item: item[0])
        return func

    return decorator


def panels_for(role, request):
    panels = []
    for _order, func in _PANELS.get(role, []):
        panel = func(request)
        if panel:
            panels.append(panel)
    return panels
