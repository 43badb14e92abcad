"""Training pages, one module per entity."""

from .institutions import InstitutionDetailView, InstitutionListView

__all__ = ["InstitutionDetailView", "InstitutionListView"]
