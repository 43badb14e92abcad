"""Training forms, one module per entity: crispy layouts and field shapes, no business rules."""
