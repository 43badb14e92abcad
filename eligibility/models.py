"""No tables of its own: eligibility is computed from registry and training facts by rules.py."""
