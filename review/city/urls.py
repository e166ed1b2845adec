"""The city bureau's pages (and the province's filings list), included at /review/city/ in namespace "review"."""
from django.urls import path

from . import views

urlpatterns = [
    path("queue/", views.city_queue, name="city_queue"),
    path("recommendations/", views.city_recommendations, name="city_recommendations"),
    path("recommendations/<int:round_id>/<slug:tier_code>/rank/", views.city_rank, name="city_rank"),
    path("recommendations/<int:round_id>/<slug:tier_code>/letter/", views.city_letter_upload,
         name="city_letter_upload"),
    path("recommendations/<int:round_id>/<slug:tier_code>/summary/", views.city_summary_export,
         name="city_summary_export"),
    path("recommendations/<int:round_id>/<slug:tier_code>/documents/", views.city_documents_request,
         name="city_documents_request"),
    path("letters/<int:pk>/", views.letter_download, name="recommendation_letter"),
    path("printed/<int:pk>/", views.city_document_download, name="city_document"),
    path("applications/<int:pk>/recognize/", views.city_recognize, name="city_recognize"),
    path("applications/<int:pk>/recommend/", views.city_recommend, name="city_recommend"),
    path("applications/<int:pk>/withdraw-recommendation/", views.city_withdraw_recommendation,
         name="city_withdraw_recommendation"),
    path("filings/", views.filings, name="filings"),
    path("my-filings/", views.city_filings, name="city_filings"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/acknowledge/", views.filing_acknowledge, name="filing_acknowledge"),
    path("filings/<int:pk>/query/", views.filing_query, name="filing_query"),
    path("filings/<int:pk>/refile/", views.filing_refile, name="filing_refile"),
]
