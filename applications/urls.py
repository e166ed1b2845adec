from django.urls import path

from . import document_views, views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/step/<str:step>/", views.application_step, name="step"),
    path("<int:pk>/do/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/versions/<int:number>/", views.version_diff, name="diff"),
    path("<int:pk>/assessment/<str:verdict>/", views.check_assessment, name="check_assessment"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/documents/prepare/", document_views.documents_prepare, name="documents_prepare"),
    path("<int:pk>/documents/<slug:kind>/stamped/", document_views.stamped_upload, name="stamped_upload"),
    path("documents/<int:pk>/", document_views.document_download, name="document"),
    path("stamped/<int:pk>/", document_views.stamped_download, name="stamped"),
]
