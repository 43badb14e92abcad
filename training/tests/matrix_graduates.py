"""Permission-matrix entries for the graduate lists and the graduate import (see cqo_portal/testing/matrix.py).

The objects belong to the academy (institution_a): the college (institution_b) gets 404 on each of them; the
province follows imports and reads graduates but does not import; city bureaux and enterprises read only the
graduate list of their own scope (Article 11)."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from cqo_portal.testing.matrix import SIGNED_IN, Case, expect, listing, page, post, scoped
from registry.models import Education, TitleLevel
from training.models import Cohort, Graduate, GraduateImport, ImportStatus

from .graduate_files import entrusted_cohort

IMPORT_FOLLOWERS = ("province", "institution_a", "admin")  # who sees an import of the academy's cohort
REFUSED_OTHERS = dict(city_a=403, city_b=403, enterprise_a=403, enterprise_b=403)
REPORT = [{"row": 3, "column": "身份证号码", "message": "身份证号码校验位不正确。", "value": "3501**********0012"}]
CSV = "姓名,身份证号码,工作单位,统一社会信用代码,学历,职称,考核结果\n".encode()


def academy_cohort(w) -> Cohort:
    """A cohort of the academy (institution_a), inside its entrustment; the college (institution_b) gets 404."""
    return Cohort.objects.filter(code="MATRIX-2025-01").first() or entrusted_cohort(w.academy, "MATRIX-2025-01")


def cohort(w):
    return {"pk": academy_cohort(w).pk}


def graduates(w):
    """lin_fang (acme, Fuzhou) graduated from the academy's cohort: in scope of acme, Fuzhou and the academy."""
    Graduate.objects.get_or_create(
        cohort=academy_cohort(w),
        person=w.lin_fang,
        defaults={
            "enterprise": w.acme,
            "enterprise_name": w.acme.name,
            "education": Education.BACHELOR,
            "title_level": TitleLevel.INTERMEDIATE,
            "passed": True,
        },
    )
    return {"pk": academy_cohort(w).pk}


def invalid_run(w):
    """An import of the academy's cohort whose report is ready (again for each principal in turn)."""
    run, _ = GraduateImport.objects.update_or_create(
        cohort=academy_cohort(w),
        filename="结业学员（有误）.csv",
        defaults={
            "uploaded_by": w.users["institution_a"],
            "size": len(CSV),
            "sha256": hashlib.sha256(CSV).hexdigest(),
            "status": ImportStatus.INVALID,
            "errors": REPORT,
            "progress_done": 1,
            "progress_total": 1,
        },
    )
    return {"pk": run.pk}


def upload(w):
    return {"file": SimpleUploadedFile("结业学员.csv", CSV, content_type="text/csv")}


ACADEMY_ONLY = dict(institution_a=200, institution_b=404)

CASES = [
    # Every role reads the graduates in its scope (an enterprise: 本企业人员培训情况).
    *listing("training:graduate-list", *SIGNED_IN, note="masked IDs; the export writes an access-log row"),
    page("training:graduate-list", *SIGNED_IN, query="export=xlsx", note="masked IDs"),
    page("training:graduate-list", *SIGNED_IN, query="q=林&passed=1&sort=-name"),
    page(
        "training:graduate-import-template",
        "province",
        "institution_a",
        "institution_b",
        "admin",
        kwargs=lambda w: {"file_format": "csv"},
    ),
    page(
        "training:graduate-import-template",
        "province",
        "institution_a",
        "institution_b",
        "admin",
        kwargs=lambda w: {"file_format": "xlsx"},
        label="xlsx",
    ),
    Case(
        "training:graduate-import-template",
        expect(404, **REFUSED_OTHERS),
        kwargs=lambda w: {"file_format": "pdf"},
        label="unknown format",
    ),
    scoped("training:cohort-graduates", graduates, *IMPORT_FOLLOWERS, **REFUSED_OTHERS),
    Case(
        "training:cohort-graduates",
        expect(404, province=200, institution_a=200, admin=200, **REFUSED_OTHERS),
        kwargs=graduates,
        query="export=csv",
    ),
    scoped("training:graduate-import-list", cohort, *IMPORT_FOLLOWERS, **REFUSED_OTHERS),
    # Uploading: only the institution that runs the cohort.
    Case("training:graduate-import-create", expect(403, **ACADEMY_ONLY), kwargs=cohort),
    post(
        "training:graduate-import-create", expect(403, institution_a=302, institution_b=404), kwargs=cohort, data=upload
    ),
    scoped("training:graduate-import-detail", invalid_run, *IMPORT_FOLLOWERS, **REFUSED_OTHERS),
    scoped("training:graduate-import-progress", invalid_run, *IMPORT_FOLLOWERS, **REFUSED_OTHERS),
    scoped("training:graduate-import-report", invalid_run, *IMPORT_FOLLOWERS, **REFUSED_OTHERS),
    Case("training:graduate-import-confirm", expect(403, **ACADEMY_ONLY), kwargs=invalid_run),
    post(
        "training:graduate-import-confirm",
        expect(403, institution_a=302, institution_b=404),
        kwargs=invalid_run,
        note="a run that failed validation is refused with a message, nothing written",
    ),
    Case("training:graduate-import-discard", expect(403, **ACADEMY_ONLY), kwargs=invalid_run),
    post("training:graduate-import-discard", expect(403, institution_a=302, institution_b=404), kwargs=invalid_run),
]
