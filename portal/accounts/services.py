"""Writes for accounts: registration, staff accounts, credit-code exceptions."""
from typing import Any
from urllib.parse import urlsplit

import rules
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import outbox
from portal.audit import audit
from portal.errors import ensure
from portal.registers.selectors import dishonest_listing

from ..audit_sentences import register_verbs
from . import industries
from .constants import Role
from .models import BranchIndustry, CreditCodeException, Enterprise, User

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "accounts.activated": gettext_lazy("Account activated"),
    "accounts.deactivated": gettext_lazy("Account deactivated"),
    "accounts.branch_industry_added": gettext_lazy("Industry opened to branches (Art. 5 (1))"),
    "accounts.credit_code_exception_recorded": gettext_lazy("Credit code exception recorded"),
    "accounts.enterprise_profile_updated": gettext_lazy("Enterprise details updated"),
    "accounts.enterprise_registered": gettext_lazy("Enterprise registered"),
    "accounts.staff_created": gettext_lazy("Staff account created"),
})


@transaction.atomic
def register_enterprise(*, data: Any) -> Any:
    """Create an enterprise and its first user from a cleaned registration form.

    Before: the credit code is valid, Shandong and not yet registered (the form checks; the unique
    constraint holds under a race), and not on the latest list of seriously dishonest entities, if one has
    been imported (``portal.registers``; Art. 5 (2): such an enterprise may not apply, so it is not
    registered to). After: one Enterprise, one enterprise user, one audit row.
    """
    listing = dishonest_listing(data["credit_code"])
    ensure(listing is None,
           _("This credit code is on the list of seriously dishonest entities (listed on %(date)s by "
             "%(authority)s): such an enterprise may not apply (Art. 5 (2)). If it has been removed from the list, "
             "ask the provincial department to import the current list.")
           % {"date": listing.listed_on.isoformat() if listing and listing.listed_on else "",
              "authority": listing.authority if listing else ""},
           article="Art. 5 (2)")
    enterprise = Enterprise.objects.create(
        credit_code=data["credit_code"],
        name=data["name"],
        city=data["city"],
        district=data.get("district", ""),
        legal_form=data["legal_form"],
        parent_credit_code=data.get("parent_credit_code", ""),
        industry=data["industry"],
        above_designated_size=data.get("above_designated_size", False),
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
    )
    user = User.objects.create_user(
        username=data["username"],
        email=data["contact_email"],
        password=data["password1"],
        first_name=data["contact_name"],
        role=Role.ENTERPRISE,
        enterprise=enterprise,
        phone=data["contact_phone"],
    )
    audit(user, "accounts.enterprise_registered", enterprise, after={"credit_code": enterprise.credit_code})
    return user


STAFF_FIELDS = ("username", "first_name", "last_name", "email", "phone", "role", "city", "organisation")
PROFILE_FIELDS = ("district", "industry", "above_designated_size", "contact_name", "contact_phone",
                  "contact_email")


@transaction.atomic
def create_staff_account(*, values: dict[str, Any], acting_user: User) -> User:
    """An admin creates an official's, expert's or admin's account; the person sets a password by e-mail.

    ``values``: username, first_name, last_name, email, phone, role (not enterprise), city, organisation.
    After: the user exists with an unusable password, admins are staff and superusers (full rights),
    an audit row is written and a set-password e-mail is sent once the transaction commits.
    """
    ensure(values.get("role") in Role.values and values["role"] != Role.ENTERPRISE,
           _("Staff accounts are for officials, experts and administrators."))
    user = User(**{name: values.get(name) or "" for name in STAFF_FIELDS if name != "city"},
                city=values.get("city"))
    user.set_unusable_password()
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    if user.role != Role.CITY_OFFICIAL and user.role != Role.EXPERT:
        user.city = None
    user.save()
    audit(acting_user, "accounts.staff_created", user, after={"role": user.role, "city": user.city_id})
    from .tasks import send_set_password_email as send_later

    outbox.schedule(send_later, user.pk)
    return user


def send_set_password_email(user: User) -> None:
    """The set-password e-mail, linking to the portal's address (``SITE_URL``)."""
    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        # Unusable passwords are skipped by the stock form's get_users; invite that user explicitly.
        form.get_users = lambda email: [user]  # type: ignore[method-assign]
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="registration/set_password_subject.txt",
            email_template_name="registration/set_password_email.txt",
        )


@transaction.atomic
def set_active(*, user: User, active: Any, acting_user: User) -> None:
    """Activate or deactivate an account (accounts are never deleted: the audit trail refers to them)."""
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(acting_user, "accounts.activated" if active else "accounts.deactivated", user,
          before={"is_active": before}, after={"is_active": active})


@transaction.atomic
def record_credit_code_exception(*, credit_code: Any, reason: str, acting_user: User) -> Any:
    """Record that an admin verified a real code whose check character fails (Art. 5 (1))."""
    exception = CreditCodeException.objects.create(credit_code=credit_code, reason=reason, recorded_by=acting_user)
    audit(acting_user, "accounts.credit_code_exception_recorded", exception, after={"reason": reason})
    return exception


@transaction.atomic
def update_enterprise_profile(enterprise: Enterprise, *, values: dict[str, Any], acting_user: User) -> Enterprise:
    """The enterprise keeps its contact and profile data up to date (the name and credit code change
    only through a rename, Art. 16). One audit row with the changed fields."""
    stored = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    changed = [name for name in PROFILE_FIELDS if name in values and getattr(stored, name) != values[name]]
    if stored.industry_to_confirm and "industry" in values:
        # The enterprise saw its converted industry and saved it (kept or changed): it is confirmed.
        values = {**values, "industry_to_confirm": ""}
        changed.append("industry_to_confirm")
    before = {name: str(getattr(stored, name)) for name in changed}
    for name in changed:
        setattr(stored, name, values[name])
    if changed:
        stored.save(update_fields=changed)
    audit(acting_user, "accounts.enterprise_profile_updated", stored,
          before=before, after={name: str(getattr(stored, name)) for name in changed})
    return stored


@transaction.atomic
def add_branch_industry(*, industry: str, reason: str, acting_user: User) -> BranchIndustry:
    """The province opens one more industry to branches of legal persons (Art. 5 (1): "石油石化、有色金属、
    烟草、汽车等"), saying why.

    Before: ``acting_user`` is a provincial officer or an admin; ``industry`` is a division of GB/T
    4754-2017 not yet on the list; the reason is not empty. After: one ``BranchIndustry`` naming who
    added it and why, one audit row; a branch in that division may then register and apply.
    """
    ensure(rules.has_perm("accounts.add_branch_industry", acting_user),
           _("Only the province may open an industry to branches."), article="Art. 5 (1)")
    ensure(industries.division(industry) is not None,
           _("Choose a division (大类) of GB/T 4754-2017."), article="Art. 5 (1)")
    reason = (reason or "").strip()
    ensure(reason, _("Say why branches in this industry may apply."), article="Art. 5 (1)")
    ensure(not BranchIndustry.objects.filter(industry=industry).exists(),
           _("This industry is already open to branches."), article="Art. 5 (1)")
    entry = BranchIndustry.objects.create(industry=industry, reason=reason, added_by=acting_user)
    audit(acting_user, "accounts.branch_industry_added", entry,
          after={"industry": industry, "name": industries.division(industry).name_zh,  # type: ignore[union-attr]
                 "reason": reason})
    return entry
