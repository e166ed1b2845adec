from django.urls import path

from . import views

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
]
