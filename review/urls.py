from django.urls import include, path

from . import guides
from .dashboard import views as dashboard_views

app_name = "review"

urlpatterns = [
    # City bureaus: screening queue, recognitions and filings, recommendations (review/city/urls.py).
    path("city/", include("review.city.urls")),
    # The province and its experts (review/province/urls.py).
    path("province/", include("review.province.urls")),
    # The province's and each city's dashboard (review/dashboard/).
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    # The guide of each role (操作指南).
    path("guide/", guides.my_guide, name="guide"),
    path("guide/<slug:role>/", guides.guide_for, name="guide_for"),
]
