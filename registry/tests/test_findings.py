"""Article 6 findings through the pages (record, lift, list, evidence) and revealing a resident ID (with its log)."""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import services
from registry.models import AccessAction, AccessLog, Finding
from registry.navigation import items_for
from registry.validators import make_resident_id

from .matrix_findings import PDF

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CREATE = reverse("registry:finding-create")
LIST = reverse("registry:finding-list")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content: bytes = PDF, name: str = "决定书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def form(**extra) -> dict:
    return {"item": "2", "decided_on": "2025-03-01", "evidence": upload(), "note": "处罚决定书", **extra}


def record(world, *, person=None, actor="city_a", item=2) -> Finding:
    return services.finding_record(
        person=person or world.lin_fang,
        actor=world.user(actor),
        item=item,
        decided_on=datetime.date(2025, 3, 1),
        evidence=upload(),
        note="",
    )


# ---------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------


def test_city_records_a_finding_for_a_person_chosen_in_the_picker(world, client_for):
    """The Fuzhou bureau searches lin_fang by name, chooses her and records item (二); the finding names the bureau."""
    client = client_for("city_a")
    page = client.get(CREATE, {"q": "林"})
    assert "resident_id" not in page.context["form"].fields
    assert f'<option value="{world.lin_fang.pk}">林芳（{world.lin_fang.resident_id_masked}）' in page.content.decode()
    response = client.post(f"{CREATE}?q=林", form(person=world.lin_fang.pk))
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:finding-detail", args=[finding.pk])
    assert (finding.person, finding.item, finding.city, finding.recorded_by) == (
        world.lin_fang,
        2,
        world.fuzhou,
        world.user("city_a"),
    )
    assert finding.history.get().history_user == world.user("city_a")


def test_province_records_a_finding_found_by_resident_id(world, client_for):
    """Province staff may type the ID instead (lower-case x accepted); the look-up is logged with the person."""
    response = client_for("province").post(CREATE, form(resident_id=world.lin_fang_id.lower()))
    finding = Finding.objects.get()
    assert response.status_code == 302 and world.lin_fang_id not in response["Location"]
    assert (finding.person, finding.city) == (world.lin_fang, None)
    log = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert (log.actor, log.person, log.reason) == (world.user("province"), world.lin_fang, "第六条认定表单")


def test_province_records_from_a_persons_page(world, client_for):
    """With ?person=<id> the form asks no ID and names the person; a PNG is accepted evidence."""
    client = client_for("province")
    url = f"{CREATE}?person={world.chen_jie.pk}"
    page = client.get(url)
    assert "resident_id" not in page.context["form"].fields
    assert "陈杰" in page.content.decode()
    response = client.post(
        url, form(item="5", evidence=upload(PNG, f"陈杰_{make_resident_id('35020319850615001')}.pdf"))
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.person, finding.item, finding.city) == (world.chen_jie, 5, None)
    # The uploaded name (here holding the ID) never becomes the stored path; the extension follows the content.
    assert make_resident_id("35020319850615001") not in finding.evidence.name and "陈杰" not in finding.evidence.name
    assert finding.evidence.name.endswith(".png")


def test_another_bureaus_person_is_refused(world, client_for):
    """Xiamen cannot choose lin_fang (the same message as no choice) nor open her from a page (404)."""
    client = client_for("city_b")
    response = client.post(CREATE, form(person=world.lin_fang.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == ["被认定人员：请选择人员。"]
    assert client.get(f"{CREATE}?person={world.lin_fang.pk}").status_code == 404
    assert client.post(f"{CREATE}?person={world.lin_fang.pk}", form()).status_code == 404
    assert not Finding.objects.exists()


def test_a_malformed_resident_id_is_named(world, client_for):
    response = client_for("province").post(CREATE, form(resident_id="35010219800101002"))
    message = response.context["form"].errors["resident_id"][0]
    assert message.startswith("被认定人员身份证号码有误")


@pytest.mark.parametrize(
    "content, name",
    [(b"just text pretending", "evidence.pdf"), (b"MZ\x90\x00 an exe", "photo.jpg"), (b"<html></html>", "scan.png")],
)
def test_evidence_of_a_wrong_type_is_refused_naming_the_field(world, client_for, content, name):
    """The content decides, not the name; the message names 证据材料 and sits on that field."""
    response = client_for("city_a").post(CREATE, form(person=world.lin_fang.pk, evidence=upload(content, name)))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["evidence"] and "证据材料" in errors["evidence"][0]
    assert "证据材料须为PDF文件或PNG、JPEG图片" in response.content.decode()
    assert not Finding.objects.exists()


def test_evidence_over_the_size_limit_is_refused(world, client_for, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = client_for("city_a").post(CREATE, form(person=world.lin_fang.pk, evidence=upload(PDF + b"0" * 2048)))
    assert "证据材料文件过大" in response.context["form"].errors["evidence"][0]
    assert not Finding.objects.exists()


def test_a_future_decision_date_is_refused_on_its_field(world, client_for):
    """The service's rule (not later than today) comes back on the date field."""
    response = client_for("province").post(CREATE, form(resident_id=world.lin_fang_id, decided_on="2999-01-01"))
    assert response.status_code == 200
    assert "认定日期不能晚于今天" in response.context["form"].errors["decided_on"][0]


def test_item_choices_carry_the_measures_text(world, client_for):
    html = client_for("province").get(CREATE).content.decode()
    assert "利用履行职责之便谋取不正当利益的" in html and "滥用职权，干预企业正常经营秩序的" in html
    assert 'enctype="multipart/form-data"' in html


# ---------------------------------------------------------------------------
# Lifting
# ---------------------------------------------------------------------------


def test_lift_goes_through_a_confirmation_step(world, client_for):
    finding = record(world)
    client = client_for("city_a")
    url = reverse("registry:finding-lift", args=[finding.pk])
    data = {"lifted_on": "2025-06-01", "lifted_reason": "行政复议撤销原处罚决定"}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and "确认解除" in confirm.content.decode()
    finding.refresh_from_db()
    assert finding.lifted_on is None
    back = client.post(url, {**data, "edit": "1"})
    assert back.status_code == 200 and back.context["form"]["lifted_reason"].value() == data["lifted_reason"]
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("registry:finding-detail", args=[finding.pk])
    finding.refresh_from_db()
    assert (finding.lifted_on, finding.lifted_reason, finding.lifted_by) == (
        datetime.date(2025, 6, 1),
        "行政复议撤销原处罚决定",
        world.user("city_a"),
    )
    # Once lifted, the lift page sends the user back to the finding.
    assert client.get(url).status_code == 302


def test_lift_needs_a_reason_named_on_its_field(world, client_for):
    finding = record(world)
    response = client_for("city_a").post(
        reverse("registry:finding-lift", args=[finding.pk]),
        {"lifted_on": "2025-06-01", "lifted_reason": "", "confirm": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lifted_reason"] == ["解除理由：请填写解除该认定的理由。"]


def test_lift_before_the_decision_is_refused_on_the_date(world, client_for):
    finding = record(world)
    response = client_for("province").post(
        reverse("registry:finding-lift", args=[finding.pk]),
        {"lifted_on": "2025-01-01", "lifted_reason": "错误", "confirm": "1"},
    )
    assert "解除日期不能早于认定日期" in response.context["form"].errors["lifted_on"][0]
    finding.refresh_from_db()
    assert finding.lifted_on is None


def test_only_the_recording_bureau_or_the_province_lifts(world, client_for):
    """Fuzhou sees the province's finding about lin_fang but may not lift it; Xiamen does not see it at all."""
    finding = record(world, actor="province")
    url = reverse("registry:finding-lift", args=[finding.pk])
    data = {"lifted_on": "2025-06-01", "lifted_reason": "撤销", "confirm": "1"}
    assert client_for("city_a").post(url, data).status_code == 403
    assert client_for("city_b").post(url, data).status_code == 404
    detail = client_for("city_a").get(reverse("registry:finding-detail", args=[finding.pk]))
    assert detail.status_code == 200 and "解除认定" not in detail.content.decode()
    assert client_for("province").post(url, data).status_code == 302
    finding.refresh_from_db()
    assert finding.lifted_by == world.user("province")


# ---------------------------------------------------------------------------
# List, detail, evidence
# ---------------------------------------------------------------------------


def test_list_filters_by_item_status_city_and_name(world, client_for):
    lin = record(world)
    chen = record(world, person=world.chen_jie, actor="city_b", item=4)
    services.finding_lift(finding=lin, actor=world.user("province"), lifted_on=datetime.date(2025, 5, 1), reason="撤销")
    client = client_for("province")
    pks = lambda **query: [f.pk for f in client.get(LIST, query).context["object_list"]]  # noqa: E731
    assert sorted(pks()) == sorted([lin.pk, chen.pk])
    assert pks(status="active") == [chen.pk]
    assert pks(status="lifted") == [lin.pk]
    assert pks(item="4") == [chen.pk]
    assert pks(city=world.fuzhou.pk) == [lin.pk]
    assert pks(name="陈") == [chen.pk]
    assert [f.pk for f in client_for("city_a").get(LIST).context["object_list"]] == [lin.pk]


def test_csv_export_carries_masked_ids_only(world, client_for):
    record(world)
    response = client_for("city_a").get(LIST, {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["姓名", "身份证号码（脱敏）", "现工作单位", "情形"]
    assert rows[1][:2] == ["林芳", world.lin_fang.resident_id_masked] and rows[1][3] == "第六条第（二）项"
    assert world.lin_fang_id not in text
    log = AccessLog.objects.get()
    assert log.actor == world.user("city_a") and log.count == 1 and "脱敏" in log.reason


def test_list_query_count_stays_flat(world, client_for):
    client = client_for("province")
    record(world)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(15):
        record(world, person=world.chen_jie, actor="province")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["object_list"]) == 16
    assert len(many) == len(few)


def test_evidence_downloads_under_a_neutral_name(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the file is stored when the finding commits
        finding = record(world)
    response = client_for("enterprise_a").get(reverse("registry:finding-evidence", args=[finding.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert quote(f"证据材料-{finding.pk}.pdf") in response["Content-Disposition"]
    assert client_for("enterprise_b").get(reverse("registry:finding-evidence", args=[finding.pk])).status_code == 404


def test_finding_pages_have_no_inline_scripts(world, client_for):
    import re

    finding = record(world)
    client = client_for("city_a")
    for response in (
        client.get(LIST),
        client.get(CREATE),
        client.get(reverse("registry:finding-detail", args=[finding.pk])),
        client.post(
            reverse("registry:finding-lift", args=[finding.pk]), {"lifted_on": "2025-06-01", "lifted_reason": "x"}
        ),
    ):
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"\son[a-z]+=", html)


# ---------------------------------------------------------------------------
# Revealing a resident ID, and the access log
# ---------------------------------------------------------------------------


def test_province_reveals_an_id_once_and_the_reveal_is_logged(world, client_for):
    client = client_for("province")
    url = reverse("registry:person-reveal", args=[world.lin_fang.pk])
    page = client.get(url)
    assert page.status_code == 200 and world.lin_fang_id not in page.content.decode()
    response = client.post(url, {"reason": "核对人事档案"})
    html = response.content.decode()
    assert response.status_code == 200 and world.lin_fang_id in html and "已记入身份证号码访问日志" in html
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get()
    assert (log.actor, log.person, log.action, log.reason, log.count) == (
        world.user("province"),
        world.lin_fang,
        AccessAction.REVEAL,
        "核对人事档案",
        1,
    )


def test_reveal_needs_a_reason_named_on_its_field(world, client_for):
    response = client_for("province").post(reverse("registry:person-reveal", args=[world.lin_fang.pk]), {"reason": " "})
    assert response.context["form"].errors["reason"] == ["查看事由：请填写查看完整身份证号码的事由。"]
    assert world.lin_fang_id not in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("principal", ["city_a", "enterprise_a", "institution_a"])
def test_reveal_is_refused_to_everyone_but_the_province(world, client_for, principal):
    response = client_for(principal).post(
        reverse("registry:person-reveal", args=[world.lin_fang.pk]), {"reason": "想看看"}
    )
    assert response.status_code == 403
    assert world.lin_fang_id not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_finding_detail_links_the_reveal_page_for_the_province_only(world, client_for):
    finding = record(world)
    link = reverse("registry:person-reveal", args=[world.lin_fang.pk])
    url = reverse("registry:finding-detail", args=[finding.pk])
    assert link in client_for("province").get(url).content.decode()
    assert link not in client_for("city_a").get(url).content.decode()


def test_access_log_lists_filters_and_exports(world, client_for):
    province, admin = world.user("province"), world.user("admin")
    services.person_reveal_id(person=world.lin_fang, actor=province, reason="核对档案")
    services.person_reveal_id(person=world.chen_jie, actor=admin, reason="协查函核对")
    AccessLog.objects.create(actor=province, action=AccessAction.EXPORT, reason="年度统计", count=12)
    client = client_for("province")
    url = reverse("registry:access-log")
    reasons = lambda **query: sorted(log.reason for log in client.get(url, query).context["object_list"])  # noqa: E731
    assert reasons() == ["协查函核对", "年度统计", "核对档案"]
    assert reasons(actor=admin.pk) == ["协查函核对"]
    assert reasons(action="export") == ["年度统计"]
    assert reasons(since="2000-01-01", until="2999-12-31") == ["协查函核对", "年度统计", "核对档案"]
    assert reasons(until="2000-01-01") == []
    text = b"".join(client.get(url, {"export": "csv", "action": "reveal"}).streaming_content).decode("utf-8-sig")
    assert "核对档案" in text and world.lin_fang.resident_id_masked in text and world.lin_fang_id not in text
    assert client_for("city_a").get(url).status_code == 403


def test_navigation_offers_findings_to_bureaux_and_the_log_to_the_province(world):
    names = lambda principal: {item.url_name for item in items_for(world.user(principal))}  # noqa: E731
    assert {"registry:finding-list", "registry:access-log"} <= names("province")
    assert "registry:finding-list" in names("city_a") and "registry:access-log" not in names("city_a")
    assert not {"registry:finding-list", "registry:access-log"} & names("enterprise_a")
