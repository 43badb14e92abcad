"""Training pages, one module per entity."""
