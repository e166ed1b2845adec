import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City

from .constants import PER_CITY, ListKind
from .models import ListEntry, ListVersion
from .services import FIRST_YEAR


class ImportListForm(forms.Form):
    """What an importer says about a list file; the service checks the file and every row."""

    kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False,
                                  help_text=_("Above-size list only: the city whose list this is."))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=2100,
                              help_text=_("Above-size list only: the year the list is of."))
    source = forms.CharField(label=_("Source"), max_length=200,
                             help_text=_("Where the list comes from, e.g. 市统计局 or 信用中国 (www.creditchina.gov.cn)."))
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("The date the list is as of."))
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Excel (.xlsx) or CSV (UTF-8). First row: the column names — 统一社会信用代码, 企业名称; for the "
                    "dishonest-entity list also 列入日期, 列入机关 and, if given, 列入原因."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.city_id and not _is_province(user):
            # A city bureau imports only its own city's above-size list.
            self.fields["kind"].choices = [(k.value, k.label) for k in ListKind if k in PER_CITY]
            self.fields["city"].queryset = City.objects.filter(pk=user.city_id)
            self.fields["city"].initial = user.city_id
            self.fields["city"].empty_label = None
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if data.get("kind") in PER_CITY:
            if not data.get("city"):
                self.add_error("city", _("Choose the city whose list this is."))
            if not data.get("year"):
                self.add_error("year", _("Give the year of the list."))
        return data


def _is_province(user):
    from portal.accounts.permissions import is_provincial_staff

    return is_provincial_staff(user)


class VersionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("List"), choices=ListKind.choices, empty_label=_("All lists"))
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=City.objects.all(), to_field_name="code",
                                            empty_label=_("All cities"))
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    latest = django_filters.BooleanFilter(label=_("Latest versions only"), method="only_latest",
                                          widget=forms.CheckboxInput)

    class Meta:
        model = ListVersion
        fields = ["kind", "city", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({y for y in self.queryset.values_list("year", flat=True) if y}, reverse=True)
        self.filters["year"].extra["choices"] = [(str(y), y) for y in years]

    def only_latest(self, queryset, name, value):
        if not value:
            return queryset
        from .selectors import latest_versions

        return queryset.filter(pk__in=latest_versions().values("pk"))


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Credit code or name"), method="search", max_length=100)

    class Meta:
        model = ListEntry
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(credit_code=value.upper()) | Q(name__icontains=value))
