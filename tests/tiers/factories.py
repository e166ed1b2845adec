"""Factories for the rule book: rounds and titles (the tiers themselves are reference data from migration 0003)."""
import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.accounts.models import City
from tests.factories import EnterpriseFactory
from tiers.constants import TierCode
from tiers.models import Round, Tier
from tiers.titles.constants import TitleStatus
from tiers.titles.models import Title


def tier(code):
    return Tier.objects.get(code=code)


class RoundFactory(DjangoModelFactory):
    """An open round of 2026 for every tier and every city; ``without_qingdao=True`` leaves Qingdao out."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    year = 2026
    name = factory.Sequence(lambda n: f"2026年度第{n}批")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    @factory.post_generation
    def tiers(obj, create, extracted, **kwargs):
        if create:
            obj.tiers.set(extracted if extracted is not None else Tier.objects.all())

    @factory.post_generation
    def cities(obj, create, extracted, **kwargs):
        if create:
            obj.cities.set(City.objects.all() if extracted is None else extracted)

    @factory.post_generation
    def without_qingdao(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.cities.remove(City.objects.get(code="370200"))


class TitleFactory(DjangoModelFactory):
    class Meta:
        model = Title

    enterprise = factory.SubFactory(EnterpriseFactory)
    tier = factory.LazyFunction(lambda: tier(TierCode.BASIC))
    year = 2025
    status = TitleStatus.ACTIVE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A fixture may start a title in any state, as if its history had already happened. The portal
        # cannot: it grants titles through grant_title and moves them through the title lifecycle.
        title = model_class(*args, **kwargs)
        title._lifecycle_writing = True
        title.save()
        title._lifecycle_writing = False
        return title
    enterprise_name = factory.LazyAttribute(lambda t: t.enterprise.name)
    recognized_on = datetime.date(2025, 6, 30)
