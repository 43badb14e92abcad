"""Filings services: every write that matters, one module per entity."""
