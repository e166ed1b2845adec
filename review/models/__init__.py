"""The review app's models, one module per topic, re-exported here."""
from .certificates import Certificate, CertificateCounter

__all__ = ["Certificate", "CertificateCounter"]
