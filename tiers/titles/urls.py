"""Titles, renames and certificates for signed-in users, included at /titles/ in the namespace "titles"."""
from django.urls import path

from . import (
    case_views,
    certificate_views,
    evaluation_views,
    prerequisite_views,
    rename_views,
    report_views,
    support_views,
    title_views,
)

app_name = "titles"

urlpatterns = [
    # Titles after recognition, and renames (Art. 16).
    path("", title_views.title_list, name="title_list"),
    path("<int:pk>/", title_views.title_detail, name="title_detail"),
    path("support-list/", support_views.support_list, name="support_list"),
    path("annual-report/", report_views.my_annual_report, name="my_annual_report"),
    path("annual-reports/", report_views.annual_reports, name="annual_reports"),
    # Life after recognition (Art. 15): monitoring evaluations, rectification, revocation cases.
    path("evaluations/", evaluation_views.evaluation_list, name="evaluation_list"),
    path("evaluations/open/", evaluation_views.evaluation_open, name="evaluation_open"),
    path("evaluations/<int:pk>/", evaluation_views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/evidence/<slug:which>/", evaluation_views.evaluation_evidence,
         name="evaluation_evidence"),
    path("evaluations/<int:pk>/<slug:step>/", evaluation_views.evaluation_step, name="evaluation_step"),
    path("prerequisite-losses/<int:pk>/", prerequisite_views.prerequisite_loss_report,
         name="prerequisite_loss_report"),
    path("revocations/", case_views.case_list, name="case_list"),
    path("revocations/open/", case_views.case_open, name="case_open"),
    path("revocations/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("revocations/<int:pk>/evidence/<slug:which>/", case_views.case_evidence, name="case_evidence"),
    path("revocations/<int:pk>/<slug:step>/", case_views.case_step, name="case_step"),
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
