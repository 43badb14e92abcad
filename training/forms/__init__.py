"""Training forms, one module per entity."""
