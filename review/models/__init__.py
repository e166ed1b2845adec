"""The review app's models, one module per topic, re-exported here.

- certificates: certificates and their gapless numbering (issue 6)
- city: what city bureaus do — pre-screen decisions, recognitions and their filings, recommendations
- province: what the province does — acceptance, experts, rubric, scores, decisions, notices, MIIT
"""
from .certificates import Certificate, CertificateCounter
from .city import *  # noqa: F401,F403
from .province import *  # noqa: F401,F403
from . import city as _city, province as _province

__all__ = ["Certificate", "CertificateCounter", *_city.__all__, *_province.__all__]
