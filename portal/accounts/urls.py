from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_two_factor
from .forms import PortalAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", views_two_factor.manage, name="two_factor"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", views_two_factor.verify, name="two_factor_verify"),
    path("staff/<int:pk>/two-factor/reset/", views_two_factor.reset, name="two_factor_reset"),
    path("enterprise/", views.enterprise_profile, name="enterprise_profile"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/active/", views.staff_toggle_active, name="staff_toggle_active"),
    path("branch-industries/", views.branch_industries, name="branch_industries"),
    path("credit-code-exceptions/", views.credit_code_exceptions, name="credit_code_exceptions"),
]
