"""The registry's models, one module per entity; everything is importable from `registry.models`."""

from ..permissions import Role
from .access_log import AccessAction, AccessLog
from .accounts import AccountApplication, ApplicationStatus, PortalUserManager, User
from .activities import Commendation, CommendationLevel, ExchangeParticipant, ExperienceExchange
from .appointments import (
    Appointment,
    AppointmentEndReason,
    AppointmentStatus,
    Duty,
    VerdictStatus,
    appointment_letter_path,
    default_duties,
)
from .cities import City
from .enterprises import Enterprise, EnterpriseSize, IndustrySection, effective_size_q
from .findings import Finding, FindingItem, finding_evidence_path
from .notices import Notice
from .persons import Education, Gender, Person, QualityWorkPeriod, TitleLevel

__all__ = [
    "AccessAction",
    "AccessLog",
    "AccountApplication",
    "ApplicationStatus",
    "Appointment",
    "AppointmentEndReason",
    "AppointmentStatus",
    "City",
    "Commendation",
    "CommendationLevel",
    "ExchangeParticipant",
    "ExperienceExchange",
    "Duty",
    "Education",
    "Enterprise",
    "effective_size_q",
    "EnterpriseSize",
    "Finding",
    "FindingItem",
    "Gender",
    "IndustrySection",
    "Notice",
    "Person",
    "PortalUserManager",
    "QualityWorkPeriod",
    "Role",
    "TitleLevel",
    "User",
    "VerdictStatus",
    "appointment_letter_path",
    "default_duties",
    "finding_evidence_path",
]
