from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import security_log
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import choice_param
from portal.registers.selectors import above_size_list_for

from . import services
from .constants import Role
from .forms import (
    BranchIndustryForm,
    CreditCodeExceptionForm,
    EnterpriseProfileForm,
    EnterpriseRegistrationForm,
    PortalPasswordResetForm,
    StaffAccountForm,
)
from .limits import limited
from .models import BranchIndustry, City, CreditCodeException, User


@limited("register", per_address="REGISTRATION_RATE_PER_ADDRESS", per_account="REGISTRATION_RATE_PER_ACCOUNT",
         account_field="credit_code")
def register(request):
    """Enterprise self-registration; an invalid form re-renders with everything typed."""
    if request.user.is_authenticated:
        return redirect("home")
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        messages.error(request, _("Too many registrations from your address or for this credit code. Nothing is "
                                  "lost: try again in an hour."))
        city_codes = dict(City.objects.values_list("code", "pk"))
        return render(request, "registration/register.html", {"form": form, "city_codes": city_codes}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_enterprise(data=form.cleaned_data)
        except IntegrityError:
            # Two registrations of one code raced past the form check; the unique constraint decided.
            form.add_error("credit_code", _("An enterprise with this credit code is already registered."))
        except ActionRefused as exc:
            form.add_error("credit_code", exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your enterprise is registered. Welcome!"))
            _warn_if_not_above_size(request, user.enterprise)
            return redirect("enterprise_home")
    if request.method == "POST" and not form.is_valid():
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    city_codes = dict(City.objects.values_list("code", "pk"))
    return render(request, "registration/register.html", {"form": form, "city_codes": city_codes})


def _warn_if_not_above_size(request, enterprise):
    """Art. 5 (1): an enterprise its city's latest above-size list leaves out may register and apply, but
    each application must say why; it is told now rather than at its first submission."""
    version = above_size_list_for(enterprise.city, timezone.localdate().year)
    if version is not None and not version.entries.filter(credit_code=enterprise.credit_code).exists():
        messages.warning(request, _(
            "Your enterprise is not on %(city)s's above-size industrial enterprise list of %(year)s. You may still "
            "apply, but each application must explain why, and the city bureau reads the explanation (Art. 5 (1)).")
            % {"city": version.city.name, "year": version.year})


@permission_required("portal.enterprise_area")
def enterprise_profile(request):
    enterprise = request.user.enterprise
    form = EnterpriseProfileForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        services.update_enterprise_profile(enterprise, values=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("The enterprise profile is saved."))
        return redirect("accounts:enterprise_profile")
    return render(request, "accounts/enterprise_profile.html", {"form": form, "enterprise": enterprise})


@permission_required("portal.admin_area")
def staff_list(request):
    users = (User.objects.exclude(role=Role.ENTERPRISE).select_related("city").order_by("role", "username")
             .annotate(two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))))
    role = choice_param(request, "role", [r for r in Role.values if r != Role.ENTERPRISE])
    if role:
        users = users.filter(role=role)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="accounts", sheet_title=str(_("Accounts")),
            headers=[_("User name"), _("Name"), _("Role"), _("City"), _("Organisation"), _("E-mail"), _("Active"),
                     _("Two-factor sign-in"), _("Last sign-in")],
            rows=([u.username, u.get_full_name(), u.get_role_display(), u.city.name if u.city_id else "",
                   u.organisation, u.email, _("yes") if u.is_active else _("no"), _("on") if u.two_factor else
                   _("not set up"), u.last_login] for u in users.iterator(chunk_size=500)))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page, "roles": Role.choices, "role": role})


@permission_required("portal.admin_area")
def staff_create(request):
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_staff_account(values=form.cleaned_data, acting_user=request.user)
        messages.success(
            request, _("Account %(name)s created; an e-mail to set the password went to %(email)s.")
            % {"name": user.username, "email": user.email},
        )
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form})


@permission_required("portal.admin_area")
@require_POST
def staff_toggle_active(request, pk):
    user = get_object_or_404(User.objects.exclude(role=Role.ENTERPRISE), pk=pk)
    if user == request.user:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        services.set_active(user=user, active=not user.is_active, acting_user=request.user)
        messages.success(request, _("Account %(name)s updated.") % {"name": user.username})
    return redirect("accounts:staff_list")


@permission_required("portal.admin_area")
def credit_code_exceptions(request):
    form = CreditCodeExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_credit_code_exception(
            credit_code=form.cleaned_data["credit_code"], reason=form.cleaned_data["reason"], acting_user=request.user
        )
        messages.success(request, _("The verified exception is recorded."))
        return redirect("accounts:credit_code_exceptions")
    exceptions = CreditCodeException.objects.select_related("recorded_by").order_by("-recorded_at", "-pk")
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="credit-code-exceptions", sheet_title=str(_("Credit-code exceptions")),
            headers=[_("Unified social credit code"), _("How it was verified"), _("Recorded by"), _("Recorded at")],
            rows=([e.credit_code, e.reason, str(e.recorded_by) if e.recorded_by_id else "", e.recorded_at]
                  for e in exceptions))
    page = Paginator(exceptions, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/credit_code_exceptions.html", {"form": form, "exceptions": page.object_list,
                                                                    "page": page})


@permission_required("portal.province_area")
def branch_industries(request):
    """The industries open to branches (Art. 5 (1) "等"): the four the article names, seeded, and those the
    province added, each with who added it and why. POST adds one."""
    form = BranchIndustryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_branch_industry(industry=form.cleaned_data["industry"], reason=form.cleaned_data["reason"],
                                         acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Branches in this industry may now register and apply."))
            return redirect("accounts:branch_industries")
    entries = BranchIndustry.objects.select_related("added_by").order_by("industry")
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="branch-industries", sheet_title=str(_("Industries open to branches")),
            headers=[_("Industry (GB/T 4754-2017)"), _("Industry named in Art. 5 (1)"), _("Reason"), _("Added by"),
                     _("Added at")],
            rows=([e.get_industry_display(), e.get_group_display() if e.group else "", e.reason,
                   str(e.added_by) if e.added_by_id else _("the regulation"), e.added_at if e.added_by_id else None]
                  for e in entries))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/branch_industries.html", {"form": form, "entries": page.object_list,
                                                               "page": page})


@method_decorator(limited("password_reset", per_address="PASSWORD_RESET_RATE_PER_ADDRESS",
                          per_account="PASSWORD_RESET_RATE_PER_ACCOUNT", account_field="email"), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per address and per e-mail address (it sends e-mail)."""

    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            messages.error(request, _("Too many password reset requests from your address or for this e-mail "
                                      "address. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        users = list(form.get_users(email))
        security_log.record("security.password_reset_requested", self.request, user=users[0] if users else None,
                            email=email[:254])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also ends the user name's sign-in lockout."""

    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=form.user.get_username())
        security_log.record("security.password_reset", self.request, user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        security_log.record("security.password_changed", self.request, actor=form.user, user=form.user)
        return response
