"""The review app's background work, for the worker's autodiscovery (which imports ``<app>.tasks``):
each lives with the work it belongs to (``review.city.tasks``, ``review.province.tasks``)."""
from .city.tasks import render_city_document
from .province.tasks import notify_expert_of_assignment

__all__ = ["notify_expert_of_assignment", "render_city_document"]
