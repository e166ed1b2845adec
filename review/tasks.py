"""The review app's Celery tasks, for the worker's autodiscovery (which looks for ``<app>.tasks``):
each lives with the work it belongs to (``review.province.tasks``)."""
from .province.tasks import notify_expert_assigned_task

__all__ = ["notify_expert_assigned_task"]
