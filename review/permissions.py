"""Who may do what with certificates (django-rules predicates)."""
import rules

from portal.accounts.constants import Role


@rules.predicate
def can_download_certificate(user, certificate):
    """The title's enterprise, the officials of its city, provincial officers and admins."""
    if not getattr(user, "is_authenticated", False) or certificate is None:
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == certificate.title.enterprise_id
    if user.role == Role.CITY_OFFICIAL:
        return user.city_id == certificate.title.enterprise.city_id
    return user.role in (Role.PROVINCIAL_OFFICER, Role.ADMIN)


@rules.predicate
def can_retry_render(user, certificate=None):
    """Admins only: re-queueing a render is an operational act on the whole register."""
    return getattr(user, "is_authenticated", False) and user.role == Role.ADMIN


rules.add_perm("review.download_certificate", can_download_certificate)
rules.add_perm("review.retry_certificate_render", can_retry_render)
