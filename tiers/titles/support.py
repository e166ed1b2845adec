"""The support list (Art. 17): the active titles other departments draw on for technical upgrading,
special funds, procurement, pilots, finance and publicity, with each enterprise's contact.

The list leaves the portal when it is exported, so every export is recorded: who took it, for which
form of support, for which department, with which filters and how many rows (one audit row,
``titles.support_list_exported``, in the audit log).
"""
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.accounts import industries
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.exports import chunked
from tiers.models import Scenario

from .constants import TitleStatus
from .selectors import scenario_names_of, titles_visible_to
from .title_filters import TitleFilter

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "titles.support_list_exported": gettext_lazy("Support list exported (Art. 17)"),
})

CHUNK = 500
HEADERS = (_("Tier"), _("Scenarios awarded"), _("Year"), _("Enterprise"), _("Credit code"), _("City"),
           _("District or county"), _("Industry"), _("Contact person"), _("Contact phone"), _("Contact e-mail"),
           _("Recognized on"), _("Certificate number"))


def support_list(user: Any) -> Any:
    """The active titles ``user`` may draw a support list from: the province all, a city its own."""
    return (titles_visible_to(user).filter(status=TitleStatus.ACTIVE)
            .order_by("tier__order", "enterprise__city__code", "enterprise__credit_code", "pk"))


def rows(titles: Any) -> Any:
    """The export's rows, read a chunk at a time (the chunk's scenarios in one more query)."""
    for chunk in chunked(titles.iterator(chunk_size=CHUNK), CHUNK):
        names = scenario_names_of([t.pk for t in chunk])
        for t in chunk:
            enterprise = t.enterprise
            yield (str(t.tier.name), names.get(t.pk, ""), t.year, enterprise.name, enterprise.credit_code,
                   str(enterprise.city.name), enterprise.district, str(enterprise.get_industry_display()),
                   enterprise.contact_name, enterprise.contact_phone, enterprise.contact_email, t.recognized_on,
                   t.certificate_number or "")



def record_export(*, actor: Any, purpose: str, recipient: str, filters: dict[str, Any], count: int) -> Any:
    """Record that ``actor`` took the support list away. Post: one audit row with what and why."""
    return audit(actor, "titles.support_list_exported", None,
                 after={"purpose": purpose, "recipient": recipient, "filters": filters, "rows": count},
                 message=recipient)


class SupportListFilter(TitleFilter):
    """The titles list's filters (every title here is active, so no status), the industry, and the
    scenario an award was given for (of the guide's current edition)."""

    industry_section = django_filters.ChoiceFilter(
        label=_("Industry section (门类)"), choices=industries.section_choices, empty_label=_("All sections"),
        method="filter_industry_section")
    industry = django_filters.ChoiceFilter(label=_("Industry (GB/T 4754-2017)"), field_name="enterprise__industry",
                                           choices=industries.division_choices, empty_label=_("All industries"))
    scenario = django_filters.ModelChoiceFilter(
        label=_("Scenario awarded"), field_name="scenarios", empty_label=_("All scenarios"),
        queryset=Scenario.objects.filter(guide__is_current=True).select_related("segment").order_by(
            "segment__order", "order"))
    name_lookups = ("enterprise__name__icontains",)  # the list shows the enterprise's name now

    class Meta(TitleFilter.Meta):
        fields = ["q", "tier", "scenario", "city", "industry_section", "industry", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.pop("status")

    def filter_industry_section(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(enterprise__industry__in=industries.divisions_of(value))
