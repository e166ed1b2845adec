"""``{% guide_link "<topic>" %}``: the small help link beside a page's title, to the section of the
reader's guide that explains the page (``review.guides.TOPICS``)."""
from django import template
from django.urls import reverse

from review.guides import guide_section

register = template.Library()


@register.inclusion_tag("review/guide/_help_link.html", takes_context=True)
def guide_link(context, topic):
    role, anchor = guide_section(topic, context["request"].user)
    return {"url": f"{reverse('review:guide_for', args=[role])}#{anchor}", "topic": topic}
