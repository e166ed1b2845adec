"""Template access to ``applications.rules``: why an application is stopped, for every reviewer's page."""
from django import template

from .. import rules

register = template.Library()


@register.simple_tag
def prerequisite_problem(application):
    """``{% prerequisite_problem application as problem %}``: the reason text, or None."""
    return rules.prerequisite_problem(application)


@register.simple_tag
def segment_gaps(application):
    """``{% segment_gaps application as gaps %}``: excellence's uncovered segments with their justifications."""
    return rules.segment_gaps(application)
