"""The public notices (公示), for everyone without logging in, at /public/notices/ in the namespace "public_notices"."""
from django.urls import path

from . import views

app_name = "public_notices"

urlpatterns = [
    path("", views.public_notices_view, name="list"),
]
