"""What every phase of the generator shares: the random source, the writer, the reference rows, the clock
and the audit rows collected on the way (written last, when their number is known)."""
import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.accounts.models import City
from tiers.models import Scenario, Segment, Tier

from .writer import Writer


class Context:
    def __init__(self, *, seed):
        self.rng = random.Random(seed)
        self.writer = Writer()
        self.now = timezone.now().replace(microsecond=0)
        self.cities = {c.code: c for c in City.objects.all()}
        self.city_by_id = {c.pk: c for c in self.cities.values()}
        self.tiers = {t.code: t for t in Tier.objects.select_related("prerequisite")}
        self.tier_by_id = {t.pk: t for t in self.tiers.values()}
        self.segments = list(Segment.objects.order_by("order"))
        scenarios = list(Scenario.objects.filter(guide__is_current=True, is_active=True).select_related("segment")
                         .order_by("pk"))
        self.scenarios = scenarios
        self.scenarios_by_segment = {}
        for s in scenarios:
            self.scenarios_by_segment.setdefault(s.segment_id, []).append(s)
        self.rounds = []  # filled by rounds.make_rounds, oldest first
        self.epoch = self.now - datetime.timedelta(days=4 * 365)
        # (created_at, actor_id, verb, model, object_id, object_repr, before, after, message, essential)
        self.audit = []
        self._content_types = {}

    def random_time(self, start, end):
        """A moment in [start, end] (start when the span is empty), to the second. Draws one number
        whatever the span, so the same seed makes the same choices on another day."""
        draw = self.rng.random()
        span = (end - start).total_seconds()
        if span <= 0:
            return start
        return start + datetime.timedelta(seconds=int(draw * span))

    def after(self, previous, start, end, *, gap=datetime.timedelta(hours=1)):
        """A moment in the window [start, end] and after ``previous``; just after it when the window is past."""
        low = max(previous + gap, start)
        moment = self.random_time(low, end)
        return previous + gap if low >= end else moment

    def content_type_id(self, model):
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model).pk
        return self._content_types[model]

    def audit_row(self, at, actor_id, verb, model, object_id, object_repr, *, before=None, after=None,
                  message="", essential=False):
        """Collect one audit row as the service doing this would write it. ``essential`` rows (status
        changes, grants, certificates) are always written; the others fill up to the asked number."""
        self.audit.append((at, actor_id, verb, model, object_id, object_repr[:200], before, after, message,
                           essential))
