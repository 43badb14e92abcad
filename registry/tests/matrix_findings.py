"""Permission-matrix entries for Article 6 findings and resident-ID access (reveal, access log), added to matrix.py."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cqo_portal.testing.matrix import BUREAUX, expect, inert_post, listing, page, post, scoped
from registry import services

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def evidence(content: bytes = PDF, name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def finding_by(principal: str, person: str = "lin_fang"):
    """A fresh finding recorded by `principal` (a bureau user) against a person of the world."""

    def make(w):
        return services.finding_record(
            person=getattr(w, person),
            actor=w.user(principal),
            item=2,
            decided_on=datetime.date(2025, 3, 1),
            evidence=evidence(),
            note="处罚决定书（闽市监罚〔2025〕1号）",
        )

    return make


def _pk(make):
    return lambda w: {"pk": make(w).pk}


def record_form(w, **extra):
    return {"item": "2", "decided_on": "2025-03-01", "evidence": evidence(), "note": "", **extra}


# lin_fang works at acme (Fuzhou): her findings are seen by the province, Fuzhou and acme.
SEES_LIN_FANG = ("province", "city_a", "enterprise_a", "admin")
INSTITUTIONS_REFUSED = dict(institution_a=403, institution_b=403)
LIFT = {"lifted_on": "2025-06-01", "lifted_reason": "行政复议撤销原处罚决定"}

CASES = [
    *listing("registry:finding-list", *BUREAUX, query="export=csv&status=active&item=2&name=林"),
    page("registry:finding-create", *BUREAUX),
    post(
        "registry:finding-create",
        expect(403, province=302, city_a=302, admin=302, city_b=200),
        data=lambda w: record_form(w, person=w.lin_fang.pk),
        label="valid",
        note="lin_fang chosen in the picker: city_b gets the form back (no such person in its scope), the rest record",
    ),
    inert_post(
        "registry:finding-create",
        lambda w: record_form(w, person=w.lin_fang.pk, evidence=evidence(b"not a pdf", "evidence.pdf")),
        *BUREAUX,
        label="not a pdf",
        note="a renamed text file is refused naming the evidence field",
    ),
    scoped("registry:finding-detail", _pk(finding_by("city_a")), *SEES_LIN_FANG, **INSTITUTIONS_REFUSED),
    scoped("registry:finding-evidence", _pk(finding_by("province")), *SEES_LIN_FANG, **INSTITUTIONS_REFUSED),
    page("registry:finding-lift", *BUREAUX, kwargs=_pk(finding_by("city_a")), city_b=404, label="by city_a"),
    page(
        "registry:finding-lift",
        "province",
        "admin",
        kwargs=_pk(finding_by("province")),
        city_b=404,
        label="by province",
        note="a city bureau lifts only the findings it recorded itself",
    ),
    inert_post(
        "registry:finding-lift",
        lambda w: {**LIFT},
        *BUREAUX,
        kwargs=_pk(finding_by("city_a")),
        city_b=404,
        label="unconfirmed",
        note="the first POST shows the confirmation page and changes nothing",
    ),
    post(
        "registry:finding-lift",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        kwargs=_pk(finding_by("city_a")),
        data=lambda w: {**LIFT, "confirm": "1"},
        label="confirmed",
    ),
    page("registry:person-reveal", "province", "admin", kwargs=lambda w: {"person_id": w.lin_fang.pk}),
    post(
        "registry:person-reveal",
        expect(403, province=200, admin=200),
        kwargs=lambda w: {"person_id": w.chen_jie.pk},
        data=lambda w: {"reason": "核对人事档案"},
        note="shows the full ID and writes an access-log row; everyone else is refused and nothing is logged",
    ),
    *listing("registry:access-log", "province", "admin", query="export=csv&action=reveal&since=2025-01-01"),
]
