from django.contrib import admin
from django.urls import include, path, re_path

from . import views, views_audit, views_notifications
from .api.errors import not_found as api_not_found

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/", views.healthz),
    path("readyz/", views.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("enterprise/", views.enterprise_home, name="enterprise_home"),
    path("city/", views.city_home, name="city_home"),
    path("province/", views.province_home, name="province_home"),
    path("expert/", views.expert_home, name="expert_home"),
    path("console/", views.admin_home, name="admin_home"),
    path("console/audit/", views_audit.audit_log, name="audit_log"),
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path("notifications/read/", views_notifications.mark_all_read, name="notifications_read"),
    path("notifications/settings/", views_notifications.preferences, name="notification_preferences"),
    path("notifications/<int:pk>/", views_notifications.open_notification, name="notification_open"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("portal.accounts.urls")),
    path("lists/", include("portal.registers.urls")),
    path("tiers/", include("tiers.urls")),
    path("applications/", include("applications.urls")),
    path("review/", include("review.urls")),
    path("titles/", include("tiers.titles.urls")),
    path("public/", include("tiers.titles.public_urls")),
    path("public/notices/", include("review.province.public_urls")),
    path("public/documents/", include("applications.public_urls")),
    # The open data and integration API (issue #16): versioned; its urlconf names every domain, so it is
    # the top layer's (review/api_urls.py).
    path("api/v1/", include("review.api_urls")),
    re_path(r"^api/", api_not_found),
    path("django-admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"

admin.site.site_header = "山东省智能工厂梯度培育管理平台"
admin.site.site_title = "智能工厂梯度培育"
