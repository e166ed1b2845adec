"""The review app's background work, for the worker's autodiscovery (which imports ``<app>.tasks``):
each lives with the work it belongs to (``review.province.tasks``)."""
from .province.tasks import notify_expert_of_assignment, seed_calendar

__all__ = ["notify_expert_of_assignment", "seed_calendar"]
