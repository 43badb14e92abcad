"""Certificates in a real browser: the institution issues a cohort's certificates and downloads one PDF; the
public verifies it by number and name (on a phone screen) and by the link read off the PDF's QR code; once revoked,
both say so."""

import shutil
import subprocess

import pytest

from cqo_portal.testing.browser import ARTIFACTS
from cqo_portal.testing.world import PASSWORD
from training.models import Certificate
from training.tests.cert_factories import make_cohort, make_graduate

pytestmark = pytest.mark.django_db(transaction=True)


def qr_of_pdf(pdf_path, name: str) -> str:
    """Render the PDF's page to PNG as a printer would, keep it for a person to look at, and decode its QR code."""
    import zxingcpp
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "120", "-singlefile", str(pdf_path), str(ARTIFACTS / name)], check=True)
    codes = zxingcpp.read_barcodes(Image.open(ARTIFACTS / f"{name}.png"))
    assert len(codes) == 1, "the certificate's QR code could not be read off the rendered page"
    return codes[0].text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_issue_download_verify_and_revoke(world, page, login, screenshot, live_server, settings, tmp_path):
    settings.PORTAL_PUBLIC_URL = live_server.url  # the QR codes point at this server
    settings.MEDIA_ROOT = tmp_path
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    cohort = make_cohort(world.academy, "2026-QA-03", title="2026年第三期首席质量官培训班")
    make_graduate(cohort, world.acme, name="欧阳晓燕")
    make_graduate(cohort, world.acme, name="郑国强")
    make_graduate(cohort, world.acme, name="孙不及", passed=False)

    # The institution opens the cohort from its certificate list and issues to the two who passed.
    login(world.user("institution_a").username, PASSWORD)
    page.get_by_role("link", name="结业证书", exact=True).click()
    page.get_by_role("link", name="2026-QA-03 2026年第三期首席质量官培训班").click()
    screenshot("certificate-cohort-before")
    page.get_by_test_id("issue-all").click()
    assert page.get_by_test_id("issue-list").inner_text().split("\n") == [
        f"欧阳晓燕（{graduate_mask(cohort, '欧阳晓燕')}）",
        f"郑国强（{graduate_mask(cohort, '郑国强')}）",
    ]
    page.fill("input[name=issued_on]", "2026-07-10")
    screenshot("certificate-issue-confirm")
    page.get_by_test_id("issue-confirm").click()
    assert "已颁发 2 份结业证书" in page.content()
    screenshot("certificate-cohort-issued")
    certificate = Certificate.objects.get(cohort=cohort, person__name="欧阳晓燕")

    # Downloads her PDF; its page rendered to PNG carries a QR code that reads.
    page.get_by_role("link", name=certificate.number).click()
    screenshot("certificate-detail")
    with page.expect_download() as download:
        page.get_by_test_id("certificate-pdf").click()
    pdf_path = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf_path)
    assert pdf_path.name == f"{certificate.number}.pdf"
    qr_link = qr_of_pdf(pdf_path, "certificate-pdf")
    assert qr_link.startswith(f"{live_server.url}/verify/")

    # The public, signed out, on a phone: by number and name.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("verify-link").click()
    page.get_by_label("证书编号").fill(certificate.number)
    page.get_by_label("持证人姓名").fill("欧阳晓燕")
    page.get_by_role("button", name="查验").click()
    result = page.get_by_test_id("verify-result").inner_text()
    assert "证书有效" in result and "欧**燕" in result and world.academy.name in result
    assert "欧阳晓燕" not in result
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    screenshot("certificate-verify-phone")

    # ... and by opening the link read off the QR code: the signature and the status, apart.
    page.goto(qr_link)
    assert page.get_by_test_id("signature-status").inner_text() == "签名有效"
    assert "证书有效" in page.get_by_test_id("verify-result").inner_text()
    screenshot("certificate-qr-link-phone")

    # The institution revokes it; the public sees it revoked at once, by either way.
    page.set_viewport_size({"width": 1280, "height": 800})
    login(world.user("institution_a").username, PASSWORD)
    page.goto(f"{live_server.url}/certificates/{certificate.pk}/")
    page.get_by_role("link", name="撤销证书").click()
    page.fill("input[name=revoked_on]", "2026-09-01")
    page.fill("textarea[name=revoked_reason]", "培训考核材料弄虚作假")
    page.get_by_label("我已核实", exact=False).check()
    screenshot("certificate-revoke-form")
    page.get_by_role("button", name="确认撤销").click()
    assert page.get_by_test_id("certificate-status").inner_text() == "已撤销"
    page.context.clear_cookies()
    page.goto(qr_link)
    assert page.get_by_test_id("signature-status").inner_text() == "签名有效"
    assert "证书已撤销（2026年9月1日起）" in page.get_by_test_id("verify-result").inner_text()
    screenshot("certificate-qr-link-revoked")
    page.goto(f"{live_server.url}/verify/?number={certificate.number}&name=欧阳晓燕")
    assert "证书已撤销" in page.get_by_test_id("verify-result").inner_text()
    assert not console_errors, console_errors


def graduate_mask(cohort, name: str) -> str:
    return cohort.graduates.get(person__name=name).person.resident_id_masked
