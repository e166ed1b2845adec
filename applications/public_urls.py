"""The public verification of printed application documents, included at /public/documents/ in the
namespace "public_documents"."""
from django.urls import path

from . import document_views

app_name = "public_documents"

urlpatterns = [
    path("<uuid:token>/<str:digest>/", document_views.verify_document, name="verify"),
]
