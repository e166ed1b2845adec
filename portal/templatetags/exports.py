"""``{% export_button %}``: the "Export Excel" link of a list, for the view on screen (its filters and
sort, without its page), with ``key=value`` overrides for what the view chose by default."""
from django import template

register = template.Library()


@register.inclusion_tag("portal/_export_button.html", takes_context=True)
def export_button(context, **overrides):
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
    for name in ("page", "export"):
        query.pop(name, None)
    for name, value in overrides.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = str(value)
    query["export"] = "xlsx"
    return {"href": "?" + query.urlencode()}
