"""Certificate pages and files: issuing from the cohort's page, the PDF (its QR decoded from the rendered page
opens the verification), the zip built with progress, revocation, and the issue_certificates command."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from training.models import BundleStatus, Certificate, CertificateBundle
from training.services import certificate_issue, certificate_issue_cohort

from .cert_factories import make_cohort, make_graduate

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cohort(world):
    return make_cohort(world.academy)


def test_the_institution_issues_a_cohort_from_its_page(world, cohort, client_for):
    make_graduate(cohort, world.acme, name="赵敏")
    make_graduate(cohort, world.acme, name="孙不及", passed=False)
    client = client_for("institution_a")
    page = client.get(reverse("training:cohort-certificates", kwargs={"pk": cohort.pk})).content.decode()
    assert "为 1 名合格学员颁发证书" in page
    confirm = client.get(reverse("training:cohort-issue", kwargs={"pk": cohort.pk})).content.decode()
    assert "赵敏" in confirm and "孙不及" not in confirm
    done = client.post(reverse("training:cohort-issue", kwargs={"pk": cohort.pk}), {"issued_on": "2026-07-10"})
    assert done.status_code == 302
    assert Certificate.objects.get(cohort=cohort).person.name == "赵敏"


def test_a_refusal_shows_on_the_form_naming_the_date(world, client_for):
    """The college is not entrusted: the issue page says so and nothing is written."""
    cohort = make_cohort(world.college, "COLLEGE-01")
    make_graduate(cohort, world.bolt)
    answer = client_for("institution_b").post(
        reverse("training:cohort-issue", kwargs={"pk": cohort.pk}), {"issued_on": "2026-07-10"}
    )
    assert answer.status_code == 200 and "不在省局委托的培训期内" in answer.content.decode()
    assert not Certificate.objects.filter(cohort=cohort).exists()


def test_one_graduate_from_the_row_button(world, cohort, client_for):
    graduate = make_graduate(cohort, world.acme, name="赵敏")
    client_for("institution_a").post(
        reverse("training:graduate-issue", kwargs={"pk": graduate.pk}), {"issued_on": "2026-07-10"}
    )
    assert Certificate.objects.get(graduate=graduate).issued_on == ISSUED


def test_revoking_needs_the_ticked_confirmation(world, cohort, client_for):
    certificate = certificate_issue(graduate=make_graduate(cohort, world.acme), issued_on=ISSUED, actor=None)
    url = reverse("training:certificate-revoke", kwargs={"pk": certificate.pk})
    client = client_for("institution_a")
    unconfirmed = client.post(url, {"revoked_on": "2026-08-01", "revoked_reason": "弄虚作假"})
    assert "请勾选确认后再撤销" in unconfirmed.content.decode()
    certificate.refresh_from_db()
    assert not certificate.revoked
    client.post(url, {"revoked_on": "2026-08-01", "revoked_reason": "弄虚作假", "confirm": "on"})
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoked_reason == "弄虚作假"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_pdfs_qr_code_read_off_the_rendered_page_opens_the_verification(world, cohort, client_for, tmp_path):
    """The PDF rendered to PNG as a printer would, its QR code decoded, and that address answers 证书有效."""
    import zxingcpp
    from PIL import Image

    certificate = certificate_issue(
        graduate=make_graduate(cohort, world.acme, name="赵敏"), issued_on=ISSUED, actor=None
    )
    pdf = client_for("institution_a").get(reverse("training:certificate-pdf", kwargs={"pk": certificate.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    (tmp_path / "certificate.pdf").write_bytes(pdf.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", "certificate.pdf", "page"], cwd=tmp_path, check=True
    )
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert len(codes) == 1
    url = urlsplit(codes[0].text)
    assert url.path == reverse("verify-token", kwargs={"token": certificate.token})
    html = client_for("anonymous").get(url.path).content.decode()
    assert "签名有效" in html and "证书有效" in html and certificate.number in html


def test_a_cohorts_zip_is_built_with_progress_and_holds_every_pdf(
    world, cohort, client_for, django_capture_on_commit_callbacks
):
    for name in ("赵敏", "钱多多", "孙立"):
        make_graduate(cohort, world.acme, name=name)
    issued = certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None).certificates
    client = client_for("institution_a")
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued after commit
        started = client.post(reverse("training:certificate-bundle-create", kwargs={"pk": cohort.pk}))
    bundle = CertificateBundle.objects.get()
    assert started["Location"] == reverse("training:certificate-bundle", kwargs={"pk": bundle.pk})
    # Tasks run eagerly here (no broker): the bundle is done once the request has committed.
    page = client.get(started["Location"]).content.decode()
    assert "已生成（3 / 3 份）" in page
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DONE and bundle.progress_done == 3
    download = client.get(reverse("training:certificate-bundle-download", kwargs={"pk": bundle.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == sorted(f"{c.number}.pdf" for c in issued)
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_the_zip_page_refreshes_itself_while_the_task_runs(world, cohort, client_for):
    bundle = CertificateBundle.objects.create(
        cohort=cohort, requested_by=world.user("institution_a"), status=BundleStatus.RUNNING, progress_total=10
    )
    page = client_for("institution_a").get(reverse("training:certificate-bundle", kwargs={"pk": bundle.pk}))
    assert page["Refresh"] == "2" and "生成中（0 / 10 份）" in page.content.decode()


def test_issue_certificates_command_prints_the_contracts_summary(world, cohort, capsys):
    make_graduate(cohort, world.acme, name="赵敏")
    call_command("issue_certificates", "--cohort", cohort.code.lower(), "--date", "2026-07-10")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    number = Certificate.objects.get(cohort=cohort).number
    assert summary["issued"] == 1 and summary["already_issued"] == 0 and summary["errors"] == []
    assert summary["certificates"][0]["number"] == number and summary["certificates"][0]["name"] == "赵敏"
    assert "/verify/" in summary["certificates"][0]["qr"]
    call_command("issue_certificates", "--cohort", cohort.code, "--date", "2026-07-10")
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again == {"issued": 0, "already_issued": 1, "errors": [], "certificates": []}


def test_issue_certificates_command_refuses_when_not_entrusted_with_exit_1(world, capsys):
    cohort = make_cohort(world.college, "COLLEGE-01")
    make_graduate(cohort, world.bolt)
    with pytest.raises(SystemExit) as exited:
        call_command("issue_certificates", "--cohort", "COLLEGE-01", "--date", "2026-07-10")
    assert exited.value.code == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["issued"] == 0 and "不在省局委托的培训期内" in summary["errors"][0]


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_certificate_lists_cost_the_same_queries_for_3_or_12_rows(world, cohort, client_for):
    """The certificate list and the cohort's page do not query once per row."""
    client = client_for("institution_a")
    lists = [reverse("training:certificate-list"), reverse("training:cohort-certificates", kwargs={"pk": cohort.pk})]
    for n in range(3):
        make_graduate(cohort, world.acme, name=f"赵{'一二三'[n]}")
    certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
    few = [_queries(client, url) for url in lists]
    for n in range(9):
        make_graduate(cohort, world.acme, name=f"钱{'一二三四五六七八九'[n]}")
    certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
    assert [_queries(client, url) for url in lists] == few


def test_a_worker_finds_the_zip_task_by_its_name():
    """A real worker (not the eager mode of the tests) knows the task: training/certificate_tasks.py is discovered."""
    import subprocess
    import sys

    script = (
        "import django; django.setup()\n"
        "from cqo_portal.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print('training.build_certificate_bundle' in app.tasks)"
    )
    # A fresh process, as a worker starts: nothing imported the task module before discovery does.
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert found.stdout.strip() == "True"


def test_the_certificate_list_sorts_by_holder_and_searches_by_number_or_name(world, cohort, client_for):
    for name in ("郑国强", "陈立", "王芳"):
        make_graduate(cohort, world.acme, name=name)
    issued = certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None).certificates
    client = client_for("institution_a")
    url = reverse("training:certificate-list")
    holders = [c.person.name for c in client.get(url, {"sort": "name"}).context["object_list"]]
    if connection.vendor == "postgresql":  # pinyin needs its ICU collation; elsewhere code points
        assert holders == ["陈立", "林芳", "王芳", "郑国强"]
    assert sorted(holders) == sorted(["陈立", "林芳", "王芳", "郑国强"])
    assert [c.number for c in client.get(url, {"q": issued[2].number}).context["object_list"]] == [issued[2].number]
    assert [c.person.name for c in client.get(url, {"q": "王"}).context["object_list"]] == ["王芳"]
    # Another institution's certificates are not in its list.
    assert not client_for("institution_b").get(url).context["object_list"]
