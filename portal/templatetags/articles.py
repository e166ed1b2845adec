"""``{% load articles %}{{ rule.article|cite }}``: an article of the regulation as the reader cites it."""
from django import template

from portal.articles import cite as cite_article

register = template.Library()


@register.filter
def cite(code):
    return cite_article(code or "")
