"""Permission-matrix entries for the compliance grid (see cqo_portal/testing/matrix.py).

From the measures: the province follows whether the city bureaux (Article 3) and the training institutions
(Article 10) file in time, so the grid of every filer is the province's (and the superuser's, who acts as
provincial staff); a city bureau, an institution or an enterprise sees its own filings elsewhere, never the grid."""

from cqo_portal.testing.matrix import listing, page

GRID_READERS = ("province", "admin")

CASES = [
    *listing("filings:filing-grid", *GRID_READERS),
    page("filings:filing-grid", *GRID_READERS, query="tab=annual&page=2"),
    page("filings:filing-grid", *GRID_READERS, query="tab=cohort&export=xlsx"),
]
