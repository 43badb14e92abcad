"""Permission-matrix entries for Article 6 findings and resident-ID access (reveal, access log), added to matrix.py."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cqo_portal.testing.matrix import Case, expect
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


BUREAUX = dict(province=200, city_a=200, city_b=200, admin=200)
# lin_fang works at acme (Fuzhou): her findings are seen by the province, Fuzhou and acme.
SEES_LIN_FANG = dict(province=200, city_a=200, enterprise_a=200, admin=200)

CASES = [
    Case("registry:finding-list", expect(403, **BUREAUX)),
    Case("registry:finding-list", expect(403, **BUREAUX), query="export=csv&status=active&item=2&name=林"),
    Case("registry:finding-create", expect(403, **BUREAUX)),
    Case(
        "registry:finding-create",
        expect(403, province=302, city_a=302, admin=302, city_b=200),
        method="post",
        data=lambda w: record_form(w, resident_id=w.lin_fang_id),
        note="by resident ID: city_b gets the form back (no such person in its scope), the rest record",
    ),
    Case(
        "registry:finding-create",
        expect(403, **BUREAUX),
        method="post",
        data=lambda w: record_form(w, resident_id=w.lin_fang_id, evidence=evidence(b"not a pdf", "evidence.pdf")),
        note="a renamed text file is refused naming the evidence field",
        changes_nothing=True,
    ),
    Case(
        "registry:finding-detail",
        expect(404, **SEES_LIN_FANG, institution_a=403, institution_b=403, enterprise_b=404),
        kwargs=_pk(finding_by("city_a")),
    ),
    Case(
        "registry:finding-evidence",
        expect(404, **SEES_LIN_FANG, institution_a=403, institution_b=403),
        kwargs=_pk(finding_by("province")),
    ),
    Case(
        "registry:finding-lift",
        expect(403, province=200, city_a=200, city_b=404, admin=200),
        kwargs=_pk(finding_by("city_a")),
    ),
    Case(
        "registry:finding-lift",
        expect(403, province=200, city_a=403, city_b=404, admin=200),
        kwargs=_pk(finding_by("province")),
        note="a city bureau lifts only the findings it recorded itself",
    ),
    Case(
        "registry:finding-lift",
        expect(403, province=200, city_a=200, city_b=404, admin=200),
        method="post",
        kwargs=_pk(finding_by("city_a")),
        data=lambda w: {"lifted_on": "2025-06-01", "lifted_reason": "行政复议撤销原处罚决定"},
        note="the first POST shows the confirmation page and changes nothing",
        changes_nothing=True,
    ),
    Case(
        "registry:finding-lift",
        expect(403, province=302, city_a=302, city_b=404, admin=302),
        method="post",
        kwargs=_pk(finding_by("city_a")),
        data=lambda w: {"lifted_on": "2025-06-01", "lifted_reason": "行政复议撤销原处罚决定", "confirm": "1"},
    ),
    Case(
        "registry:person-reveal",
        expect(403, province=200, admin=200),
        kwargs=lambda w: {"person_id": w.lin_fang.pk},
    ),
    Case(
        "registry:person-reveal",
        expect(403, province=200, admin=200),
        method="post",
        kwargs=lambda w: {"person_id": w.chen_jie.pk},
        data=lambda w: {"reason": "核对人事档案"},
        note="shows the full ID and writes an access-log row; everyone else is refused and nothing is logged",
    ),
    Case("registry:access-log", expect(403, province=200, admin=200)),
    Case(
        "registry:access-log", expect(403, province=200, admin=200), query="export=csv&action=reveal&since=2025-01-01"
    ),
]
