"""The review app's models, one module per topic, re-exported here.

- city: what city bureaus do — pre-screen decisions, recognitions and their filings, recommendations
- province: what the province does — acceptance, experts, rubric, scores, decisions, notices, MIIT
"""
from . import city as _city
from . import province as _province
from .city import *  # noqa: F401,F403
from .province import *  # noqa: F401,F403

__all__ = [*_city.__all__, *_province.__all__]
