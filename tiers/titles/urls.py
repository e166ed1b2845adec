"""Titles, renames and certificates for signed-in users, included at /titles/ in the namespace "titles"."""
from django.urls import path

from . import certificate_views, rename_views, report_views, support_views, title_views

app_name = "titles"

urlpatterns = [
    # Titles after recognition: revocation (Art. 15) and renames (Art. 16).
    path("", title_views.title_list, name="title_list"),
    path("<int:pk>/", title_views.title_detail, name="title_detail"),
    path("support-list/", support_views.support_list, name="support_list"),
    path("annual-report/", report_views.my_annual_report, name="my_annual_report"),
    path("annual-reports/", report_views.annual_reports, name="annual_reports"),
    path("<int:pk>/revoke/", title_views.title_revoke_confirm, name="title_revoke_confirm"),
    path("<int:pk>/revoke/confirm/", title_views.title_revoke, name="title_revoke"),
    path("renames/", rename_views.rename_list, name="rename_list"),
    path("renames/new/", rename_views.rename_create, name="rename_create"),
    path("renames/city/", rename_views.rename_queue, name="rename_queue"),
    path("renames/province/", rename_views.rename_province, name="rename_province"),
    path("renames/<int:pk>/", rename_views.rename_detail, name="rename_detail"),
    path("renames/<int:pk>/evidence/", rename_views.rename_evidence, name="rename_evidence"),
    path("renames/<int:pk>/<slug:step>/", rename_views.rename_step_confirm, name="rename_step_confirm"),
    path("renames/<int:pk>/<slug:step>/confirm/", rename_views.rename_step, name="rename_step"),
    path("certificates/", certificate_views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/download/", certificate_views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/retry/", certificate_views.certificate_retry, name="certificate_retry"),
]
