"""Permission-matrix entries for correcting what an enterprise filed: editing a draft or a returned appointment,
deleting a draft, a replaced letter, and correcting a person (added to matrix.py)."""

from cqo_portal.testing.matrix import expect, inert_post, page, post, scoped

from .appointment_fixtures import cached_draft, cached_returned, cached_submitted


def _pk(make):
    return lambda w: {"pk": make(w).pk}


def _first_letter(w):
    appointment = cached_submitted(w)
    return {"pk": appointment.pk, "history_id": appointment.history.earliest("history_date").history_id}


def _lin_fang(w):
    return {"person_id": w.lin_fang.pk}


DRAFT, RETURNED, SUBMITTED = _pk(cached_draft), _pk(cached_returned), _pk(cached_submitted)
# Only the enterprise corrects or deletes its own filing (the legal representative appoints, Article 2); the bureaux
# and the admin review and never edit it; another enterprise does not know it exists.
OWN = {"enterprise_a": 200, "enterprise_b": 404}
SEES_ACME_APPOINTMENT = ("province", "city_a", "institution_a", "enterprise_a", "admin")


def _edit(w):
    return {
        "appointment-appointed_by": "郑建国",
        "appointment-appointed_on": "2025-01-03",
        "appointment-duties": ["strategy", "qms"],
    }


def _person(w):
    return {
        "name": "林芳",
        "education": "master",
        "title_level": "intermediate",
        "title_series": "工程师系列",
        "phone": "13800000001",
        "email": "",
        "position": "质量总监",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }


CASES = [
    page("registry:appointment-edit", kwargs=DRAFT, label="draft", **OWN),
    page("registry:appointment-edit", kwargs=RETURNED, label="returned", **OWN),
    page(
        "registry:appointment-edit",
        kwargs=SUBMITTED,
        label="submitted",
        enterprise_a=302,
        enterprise_b=404,
        note="a filing the bureau is deciding on is sent back to its page with the reason",
    ),
    post("registry:appointment-edit", expect(403, enterprise_a=302, enterprise_b=404), kwargs=RETURNED, data=_edit),
    inert_post(
        "registry:appointment-edit",
        lambda w: {"appointment-appointed_on": "not a date"},
        kwargs=DRAFT,
        label="invalid",
        note="an incomplete form is re-shown with errors",
        **OWN,
    ),
    page("registry:appointment-delete", kwargs=DRAFT, label="draft", note="the confirmation page", **OWN),
    page(
        "registry:appointment-delete",
        kwargs=RETURNED,
        label="returned",
        enterprise_a=302,
        enterprise_b=404,
        note="a returned filing was seen by the bureau: it is kept, never deleted",
    ),
    post("registry:appointment-delete", expect(403, enterprise_a=302, enterprise_b=404), kwargs=DRAFT),
    scoped(
        "registry:appointment-letter-version",
        _first_letter,
        *SEES_ACME_APPOINTMENT,
        note="an earlier letter follows the appointment's scope",
    ),
    # A person's own data: a bureau of their scope, or the enterprise that employs them (lin_fang works at acme).
    scoped(
        "registry:person-edit",
        _lin_fang,
        "province",
        "city_a",
        "enterprise_a",
        "admin",
        institution_a=403,
        institution_b=403,
    ),
    post(
        "registry:person-edit",
        expect(403, province=302, city_a=302, city_b=404, enterprise_a=302, enterprise_b=404, admin=302),
        kwargs=_lin_fang,
        data=_person,
    ),
]
