"""Template access to ``applications.checks``: why an application is stopped, for every reviewer's page."""
from django import template

from .. import checks, content

register = template.Library()


@register.simple_tag
def prerequisite_problem(application):
    """``{% prerequisite_problem application as problem %}``: the reason text, or None."""
    return checks.prerequisite_problem(application)


@register.simple_tag
def segment_gaps(application):
    """``{% segment_gaps application as gaps %}``: excellence's uncovered segments with their justifications."""
    return checks.segment_gaps(application)


@register.simple_tag
def above_size_finding(application):
    """``{% above_size_finding application as finding %}``: not on the city's above-size list, and why; or None."""
    return checks.above_size_finding(application)


@register.simple_tag
def application_figures(application):
    """``{% application_figures application as figures %}``: the three years' finances, the outcome indicators
    with their change, and the warnings (``content.figures``)."""
    return content.figures(application)
