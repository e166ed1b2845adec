from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/download/", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/retry/", views.certificate_retry, name="certificate_retry"),
]
