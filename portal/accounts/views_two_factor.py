"""The pages of two-factor sign-in (``two_factor``): enrol an authenticator, give the code after the
password, see and renew the recovery codes, turn it off where it is optional; an admin's reset."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import permission_required

from . import two_factor
from .forms import TwoFactorCodeForm
from .models import User


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "home"


@login_required
def setup(request):
    """Scan the QR code (or type the key), then give the first code to confirm it."""
    if two_factor.enrolled(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = two_factor.pending_device(request)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("This code is not right. Check the time on your phone and type the code shown now."))
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr": two_factor.qr_svg(device), "secret": two_factor.secret_of(device),
        "required": two_factor.required_for(request.user), "next": _next(request)})


@login_required
def verify(request):
    """The second step of signing in: the code from the app, or a recovery code."""
    if not two_factor.enrolled(request.user):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            left = two_factor.recovery_codes_left(request.user)
            if left <= 3:
                messages.warning(request, _("%(left)s recovery codes are left: renew them under “Two-factor sign-in”.")
                                 % {"left": left})
            return redirect(_next(request))
        form.add_error("code", _("This code is not right, or was used already. Try the code your app shows now, "
                                 "or one of your recovery codes."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def manage(request):
    """The account's second factor: on or off, recovery codes left, renew them, turn off if optional."""
    if request.method == "POST":
        if not request.user.is_verified():
            raise PermissionDenied
        if request.POST.get("action") == "renew":
            codes = two_factor.renew_recovery_codes(request)
            return render(request, "registration/two_factor_recovery_codes.html", {"codes": codes, "next": "home"})
        if request.POST.get("action") == "remove" and not two_factor.required_for(request.user):
            two_factor.remove(request.user, request=request)
            messages.success(request, _("Two-factor sign-in is off for your account."))
            return redirect("accounts:two_factor")
    return render(request, "registration/two_factor_manage.html", {
        "enrolled": two_factor.enrolled(request.user), "required": two_factor.required_for(request.user),
        "left": two_factor.recovery_codes_left(request.user)})


@permission_required("portal.admin_area")
@require_POST
def reset(request, pk):
    """An admin removes a user's authenticator and recovery codes: they enrol again at next sign-in."""
    user = get_object_or_404(User, pk=pk)
    two_factor.remove(user, request=request, by_admin=True)
    messages.success(request, _("The two-factor sign-in of %(user)s is reset: they enrol again at their next "
                                "sign-in.") % {"user": user.get_username()})
    return redirect("accounts:staff_list")
