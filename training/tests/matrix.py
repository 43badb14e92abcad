"""Permission-matrix entries for training URLs (see cqo_portal/testing/matrix.py)."""

from cqo_portal.testing.matrix import listing, scoped

CASES = [
    *listing("training:institution-list", "province", "admin"),
    scoped("training:institution-detail", lambda w: {"pk": w.academy.pk}, "province", "institution_a", "admin"),
]

from .matrix_graduates import CASES as GRADUATE_CASES  # noqa: E402

CASES += GRADUATE_CASES
