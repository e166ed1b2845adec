"""The API's one urlconf (/api/v1/, namespace "api"): it names every domain's endpoints, so it sits at
the top layer. The endpoints live beside their domains; the schema, the docs page and the error for an
unknown path are ``portal.api``'s."""
from django.urls import path, re_path

from applications import api as applications
from portal.api import views as api
from portal.api.errors import not_found
from tiers import api as tiers
from tiers.titles import api as titles

from .province import api as province

app_name = "api"

urlpatterns = [
    path("schema/", api.schema, name="schema"),
    path("docs/", api.docs, name="docs"),
    path("register/", titles.RegisterList.as_view(), name="register"),
    path("certificates/<str:number>/", titles.CertificateVerification.as_view(), name="certificate"),
    path("notices/", province.NoticeList.as_view(), name="notices"),
    path("titles/", titles.TitleList.as_view(), name="titles"),
    path("titles/<int:pk>/history/", titles.TitleHistory.as_view(), name="title_history"),
    path("applications/", applications.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", applications.ApplicationDetail.as_view(), name="application"),
    path("quotas/", tiers.QuotaList.as_view(), name="quotas"),
    path("support-list/", titles.SupportList.as_view(), name="support_list"),
    re_path(r"", not_found),
]
