from django.urls import include, path

from . import views

app_name = "review"

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/download/", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/retry/", views.certificate_retry, name="certificate_retry"),
    # City bureaus: screening queue, recognitions and filings, recommendations (review/city_urls.py).
    path("city/", include("review.city_urls")),
    # The province and its experts (review/province_urls.py).
    path("province/", include("review.province_urls")),
]
