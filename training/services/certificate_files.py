"""A certificate's files: its PDF, and a cohort's PDFs as one zip built with progress (a Celery task's work)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from registry.permissions import require

from ..certificates.pdf import CertificatePage, render
from ..models import BundleStatus, Certificate, CertificateBundle, Cohort
from .certificates import verification_url

PROGRESS_EVERY = 10  # certificates between two progress writes


def _page(certificate: Certificate) -> CertificatePage:
    cohort = certificate.cohort
    return CertificatePage(
        number=certificate.number,
        code=certificate.code,
        name=certificate.person.name,
        resident_id_masked=certificate.person.resident_id_masked,
        institution=certificate.institution.name,
        cohort=cohort.title if cohort else "",
        cohort_code=cohort.code if cohort else "",
        start_date=cohort.start_date if cohort else None,
        end_date=cohort.end_date if cohort else None,
        hours=cohort.hours if cohort else 0,
        issued_on=certificate.issued_on,
        qr_url=verification_url(certificate),
        revoked=certificate.revoked,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The A4 certificate (a revoked one carries 已撤销 across it)."""
    return render([_page(certificate)])


def pdf_filename(certificate: Certificate) -> str:
    return f"{certificate.number}.pdf"


@transaction.atomic
def bundle_request(*, cohort: Cohort, actor) -> CertificateBundle:
    """Ask for a zip of the cohort's certificates; the caller queues training.build_certificate_bundle after
    commit."""
    require(actor, "certificate.list")
    total = Certificate.objects.filter(cohort=cohort).count()
    return CertificateBundle.objects.create(cohort=cohort, requested_by=actor, progress_total=total)


def bundle_build(*, bundle_id: int) -> CertificateBundle:
    """Render every certificate of the bundle's cohort into one zip, writing the progress as it goes. Idempotent:
    a bundle already built is left as it is."""
    bundle = CertificateBundle.objects.select_related("cohort").get(pk=bundle_id)
    if bundle.status == BundleStatus.DONE:
        return bundle
    certificates = list(
        Certificate.objects.filter(cohort=bundle.cohort)
        .select_related("person", "institution", "cohort")
        .order_by("number")
    )
    CertificateBundle.objects.filter(pk=bundle.pk).update(
        status=BundleStatus.RUNNING, progress_total=len(certificates), progress_done=0
    )
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, certificate in enumerate(certificates, start=1):
                archive.writestr(pdf_filename(certificate), certificate_pdf(certificate))
                if done % PROGRESS_EVERY == 0:
                    CertificateBundle.objects.filter(pk=bundle.pk).update(progress_done=done)
    except Exception as error:
        CertificateBundle.objects.filter(pk=bundle.pk).update(
            status=BundleStatus.FAILED, message=f"生成失败：{error.__class__.__name__}", finished_at=timezone.now()
        )
        raise
    bundle.refresh_from_db()
    bundle.file.save(f"{bundle.cohort.code_key}-certificates.zip", ContentFile(buffer.getvalue()), save=False)
    bundle.status = BundleStatus.DONE
    bundle.progress_done = len(certificates)
    bundle.finished_at = timezone.now()
    bundle.save(update_fields=["file", "status", "progress_done", "finished_at"])
    return bundle
