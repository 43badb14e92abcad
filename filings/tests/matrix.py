"""Permission-matrix entries for filings URLs (see cqo_portal/testing/matrix.py)."""

from .matrix_grid import CASES as GRID_CASES

CASES = [*GRID_CASES]
