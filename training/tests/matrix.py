"""Permission-matrix entries for training URLs (see cqo_portal/testing/matrix.py)."""

from cqo_portal.testing.matrix import Case, expect

CASES = [
    Case("training:institution-list", expect(403, province=200, admin=200)),
    Case("training:institution-list", expect(403, province=200, admin=200), query="export=csv"),
    Case(
        "training:institution-detail",
        expect(404, province=200, institution_a=200, admin=200),
        kwargs=lambda w: {"pk": w.academy.pk},
    ),
]
