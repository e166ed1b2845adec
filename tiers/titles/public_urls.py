"""The public register and certificate verification, included at /public/ in the namespace "public"."""
from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("register/", public_views.register, name="register"),
    path("verify/", public_views.verify, name="verify"),
    path("verify/<str:number>/", public_views.verify_number, name="verify_number"),
]
