"""The titles app's records: titles, renames and certificates (``titles``), and life after recognition —
monitoring evaluations, revocation cases and reminders (``aftercare``)."""
from .aftercare import Evidence, MonitoringEvaluation, RevocationCase, evidence_path
from .prerequisites import PrerequisiteLoss
from .titles import AnnualReport, Certificate, CertificateCounter, RenameRequest, Title, rename_evidence_path

__all__ = ["AnnualReport", "Certificate", "CertificateCounter", "Evidence", "MonitoringEvaluation",
           "PrerequisiteLoss", "RenameRequest", "RevocationCase", "Title", "evidence_path", "rename_evidence_path"]
