"""Writes of filings: obligations (the rows owed), the filer's draft and submission, the province's decisions,
schedules."""

from .filings import (
    filing_accept,
    filing_attach,
    filing_detach,
    filing_return,
    filing_save_draft,
    filing_submit,
)
from .obligations import filings_ensure
from .schedules import filing_schedule_update, filings_redate, schedules_by_kind

__all__ = [
    "filing_accept",
    "filing_attach",
    "filing_detach",
    "filing_return",
    "filing_save_draft",
    "filing_schedule_update",
    "filing_submit",
    "filings_ensure",
    "filings_redate",
    "schedules_by_kind",
]
