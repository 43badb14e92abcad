"""Permission-matrix entries for the eligibility self-check page and API (see cqo_portal/testing/matrix.py)."""

from cqo_portal.testing.matrix import SIGNED_IN, Case, expect, inert_post

# A complete, valid self-check as the page posts it: one period, one certificate, no findings.
SELF_CHECK_FORM = {
    "candidate_id": "矩阵",
    "as_of": "2026-06-30",
    "enterprise_size": "large",
    "education": "bachelor",
    "title": "intermediate",
    "ethics": "on",
    "laws": "on",
    "work-TOTAL_FORMS": "1",
    "work-INITIAL_FORMS": "0",
    "work-0-start": "2015-03-01",
    "work-0-end": "",
    "cert-TOTAL_FORMS": "1",
    "cert-INITIAL_FORMS": "0",
    "cert-0-issued_on": "2024-05-10",
    "cert-0-entrusted_from": "2015-01-01",
    "cert-0-entrusted_until": "",
    "finding-TOTAL_FORMS": "0",
    "finding-INITIAL_FORMS": "0",
}

CANDIDATE_JSON = {
    "id": "矩阵",
    "as_of": "2026-06-30",
    "enterprise_size": "small",
    "education": "associate",
    "title": "assistant",
    "quality_work": [{"start": "2020-01-01", "end": None}],
    "certificates": [],
    "declarations": {"ethics": True, "laws": True},
    "findings": [],
}

CASES = [
    Case("eligibility:check", expect(200), note="any signed-in user may check themselves"),
    inert_post(
        "eligibility:check",
        lambda w: SELF_CHECK_FORM,
        *SIGNED_IN,
        note="a check computes a verdict and writes nothing",
    ),
    Case("eligibility-check", expect(405, anonymous=403), note="the API takes POST only"),
    inert_post("eligibility-check", lambda w: CANDIDATE_JSON, *SIGNED_IN, json=True, anonymous=403),
]
