"""Public pages, included at /public/ with the namespace "public"."""
from django.urls import path

from . import province_views, public_views

app_name = "public"

urlpatterns = [
    path("register/", public_views.register, name="register"),
    path("verify/", public_views.verify, name="verify"),
    path("verify/<str:number>/", public_views.verify_number, name="verify_number"),
    path("notices/", province_views.public_notices_view, name="notices"),  # public notices (公示), province
]
