"""Factories for accounts; each app keeps its own in tests/<app>/factories.py."""
import factory
from factory.django import DjangoModelFactory

from portal.accounts import credit_code as cc
from portal.accounts.constants import LegalForm, Role
from portal.accounts.models import City, Enterprise, User

PASSWORD = "Demo-Passw0rd!"


def make_credit_code(division="370102", serial=1):
    """A valid credit code (check character computed) registered in ``division``."""
    first17 = f"91{division}{serial % 10**8:08d}M"
    return first17 + cc.check_character(first17)


def city(code):
    return City.objects.get(code=code)


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: make_credit_code("370102", n + 1))
    name = factory.Sequence(lambda n: f"山东测试智能制造有限公司{n}")
    city = factory.LazyFunction(lambda: city("370100"))
    district = "历下区"
    legal_form = LegalForm.LEGAL_PERSON
    industry = "35"  # GB/T 4754-2017: 专用设备制造业
    above_designated_size = True
    contact_name = "张三"
    contact_phone = "0531-88888888"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.com")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.ENTERPRISE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        city_official = factory.Trait(role=Role.CITY_OFFICIAL, city=factory.LazyFunction(lambda: city("370100")))
        provincial_officer = factory.Trait(role=Role.PROVINCIAL_OFFICER)
        expert = factory.Trait(role=Role.EXPERT, organisation="山东大学")
        admin = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)


class EnterpriseUserFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


def force_save(obj):
    """Save ``obj`` with a state the test arranged by hand, as if its history had already happened.

    Only fixtures do this: the portal moves every state through its lifecycle (``portal.lifecycle``),
    and ``StateGuardMixin`` refuses any other write of a state field.
    """
    obj._lifecycle_writing = True
    try:
        obj.save()
    finally:
        obj._lifecycle_writing = False
    return obj


def body(response):
    """A response's bytes, whether it streams (exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def disabled_reason(html, element_id):
    """The reason a page gives beside a disabled button (the text of the element ``element_id`` that the
    button's ``aria-describedby`` names, unescaped), or None when the page has no such disabled button.
    ``portal/_action_button.html`` names it ``not-yet-<transition>-<object id>``."""
    import html as html_module
    import re

    name = re.escape(element_id)
    button = re.search(rf'<button[^>]*\bdisabled\b[^>]*aria-describedby="{name}"', html)
    reason = re.search(rf'id="{name}"[^>]*>(.*?)</', html, re.S)
    return html_module.unescape(reason.group(1)).strip() if button and reason else None


def messages_of(response):
    """The messages a response shows (after ``follow=True``, those of the page it ends on)."""
    return [str(m) for m in response.context["messages"]]


def in_english(client):
    """``client`` reading the portal in English (the language switcher's cookie), for asserting on the
    English source of messages."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
