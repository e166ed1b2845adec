"""Reference lists in the Django admin: imported records, read-only (imported on the portal's page)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_base import RecordAdmin

from .models import ListEntry, ListVersion


@admin.register(ListVersion)
class ListVersionAdmin(RecordAdmin):
    list_display = ["kind", "city", "year", "number", "row_count", "source", "as_of", "imported_by", "imported_at"]
    list_filter = ["kind", "city", "year"]
    portal_page = "registers:version_detail"
    private_downloads = {"file": ("registers:version_file", "pk")}
    portal_note = _("A list is imported as a file on the portal's page, each import a new version; older "
                    "versions stay as they were.")


@admin.register(ListEntry)
class ListEntryAdmin(RecordAdmin):
    list_display = ["credit_code", "name", "listed_on", "version", "line"]
    search_fields = ["credit_code", "name"]
    list_select_related = ["version__city"]
    portal_page = "registers:version_list"
    portal_note = _("Rows of an imported list; they change only by importing a new version.")
