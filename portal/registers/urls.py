from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("", views.version_list, name="version_list"),
    path("import/", views.import_list, name="import"),
    path("<int:pk>/", views.version_detail, name="version_detail"),
    path("<int:pk>/file/", views.version_file, name="version_file"),
]
