"""Training: institutions and entrustments, cohorts, graduates and their import, certificates."""

from .certificates import BundleStatus, Certificate, CertificateBundle
from .cohorts import Cohort, CohortStatus
from .graduates import Graduate
from .imports import GraduateImport, ImportStatus
from .institutions import Entrustment, Institution

__all__ = [
    "BundleStatus",
    "Certificate",
    "CertificateBundle",
    "Cohort",
    "CohortStatus",
    "Entrustment",
    "Graduate",
    "GraduateImport",
    "ImportStatus",
    "Institution",
]
