"""Change history that says what changed — field, old value, new value, who, when — in Chinese, on the enterprise,
finding, appointment and person pages, never showing a stored secret, at a fixed number of queries."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cqo_portal.history import HISTORY_LIMIT, history_changes, history_changes_from
from registry import crypto, services
from registry.services.write import save

from .appointment_fixtures import acknowledged
from .matrix_findings import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def history_text(response, testid: str) -> str:
    """The history table as a person reads it: cell texts separated by single spaces."""
    page = response.content.decode()
    start = page.index(f'data-testid="{testid}"')
    table = page[start : page.index("</table>", start)]
    cells = re.sub(r"<[^>]+>", " ", table)
    return " ".join(html.unescape(cells).split())


def enterprise_page(world, client_for, principal="enterprise_a"):
    return client_for(principal).get(reverse("registry:enterprise-detail", args=[world.acme.pk]))


def test_enterprise_edit_shows_each_field_its_old_and_new_value_and_who(world, client_for):
    """The enterprise's own user grows the workforce: the page says 从业人员 320 → 1500, the size that follows,
    the post established 否 → 是, and names 黄榕城; nothing in English."""
    services.enterprise_update(
        enterprise=world.acme,
        actor=world.user("enterprise_a"),
        employees=1500,
        revenue=60000,
        cqo_post_established=True,
    )
    text = history_text(enterprise_page(world, client_for), "enterprise-history")
    newest = text[: text.index("登记")]  # the newest row comes first, before the creation row
    assert "黄榕城 修改" in newest
    assert "从业人员（人） 320 1500" in newest
    assert "营业收入（万元） 25000.00 60000" in newest
    assert "测算规模 中型 大型" in newest
    assert "已设立首席质量官岗位 否 是" in newest
    assert "系统 登记" in text  # the world's own creation had no user
    for english in ("Created", "Changed", "True", "False", "None"):
        assert english not in text


def test_finding_lift_shows_the_date_reason_and_lifter(world, client_for):
    """Lifting a finding shows 解除日期 （空） → the date, 解除人 （空） → the bureau's user, with the reason."""
    finding = services.finding_record(
        person=world.lin_fang,
        actor=world.user("city_a"),
        item=2,
        decided_on=datetime.date(2025, 3, 1),
        evidence=SimpleUploadedFile("决定书.pdf", PDF),
        note="",
    )
    services.finding_lift(
        finding=finding, actor=world.user("city_a"), lifted_on=datetime.date(2025, 6, 1), reason="复议撤销"
    )
    response = client_for("city_a").get(reverse("registry:finding-detail", args=[finding.pk]))
    text = history_text(response, "finding-history")
    assert "林福州 修改" in text
    assert "解除日期 （空） 2025-06-01" in text
    assert "解除理由 （空） 复议撤销" in text
    assert "解除人 （空） 林福州" in text
    assert "林福州 登记" in text


def test_appointment_history_shows_status_labels_not_codes(world, client_for):
    """Acknowledging shows 状态 已提交 → 已备案 by the Fuzhou bureau's user; the stored verdict's JSON never shows."""
    appointment = acknowledged(world)
    response = client_for("city_a").get(reverse("registry:appointment-detail", args=[appointment.pk]))
    text = history_text(response, "appointment-history")
    assert "林福州 修改" in text and "状态 已提交待备案 已备案（现任）" in text
    assert "审核人 （空） 林福州" in text
    assert "任职资格核验结论 " not in text and "clauses" not in text and "acknowledged" not in text


def test_a_list_of_choices_shows_their_labels(world):
    """Duties changed on an appointment read as the article's item numbers, not their codes."""
    appointment = acknowledged(world)
    appointment.duties = ["strategy", "culture"]
    save(appointment, world.user("admin"), update_fields=["duties"])
    (change,) = history_changes(appointment).entries[0].changes
    assert (change.label, change.old, change.new) == ("履行职责（第七条）", "（一）、（二）、（五）", "（一）、（六）")


def test_person_history_never_shows_the_ids_ciphertext_or_hash(world, client_for):
    """A key rotation re-encrypts the ID alongside a phone change: the page shows the phone, never the token."""
    person = world.lin_fang
    person.resident_id_encrypted = crypto.encrypt(world.lin_fang_id)  # a fresh token for the same number
    person.phone = "13900000002"
    save(person, world.user("province"), update_fields=["resident_id_encrypted", "phone"])
    response = client_for("province").get(reverse("pool:detail", args=[person.pk]))
    text = history_text(response, "person-history")
    assert "张省局 修改 手机号码 13800000001 13900000002" in text
    page = response.content.decode()
    assert person.resident_id_encrypted not in page and person.resident_id_hash not in page
    assert "密文" not in text and "检索摘要" not in text


def test_a_save_of_hidden_columns_only_is_not_listed(world):
    """Re-encrypting the ID alone (a key rotation) changes nothing a reader may see: no empty 修改 row."""
    person = world.lin_fang
    before = [(entry.kind, entry.changes) for entry in history_changes(person)]
    person.resident_id_encrypted = crypto.encrypt(world.lin_fang_id)
    save(person, world.user("province"), update_fields=["resident_id_encrypted"])
    assert person.history.count() == len(before) + 1
    assert [(entry.kind, entry.changes) for entry in history_changes(person)] == before


def test_history_page_costs_the_same_queries_with_many_rows(world, client_for, django_assert_max_num_queries):
    """Forty more saves, each moving the person to another employer, cost no more queries on her page."""
    client = client_for("province")
    url = reverse("pool:detail", args=[world.lin_fang.pk])

    def moves(n):
        for i in range(n):
            services.person_update(
                person=world.lin_fang,
                actor=world.user("province"),
                enterprise=world.bolt if i % 2 == 0 else world.acme,
                position=f"质量总监{i}",
            )

    moves(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    moves(40)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    text = history_text(response, "person-history")
    assert "现工作单位 榕城精密机械有限公司 鹭岛电子科技有限公司" in text  # related rows by name, looked up at once
    assert f"仅显示最近{HISTORY_LIMIT}条" in response.content.decode()


def test_history_changes_queries_stay_flat(world, django_assert_max_num_queries):
    """The selector itself: a fixed number of queries for 3 or 40 saves that each change a related row."""

    def edits(n):
        for i in range(n):
            services.person_update(
                person=world.chen_jie, actor=world.user("province"), enterprise=world.acme if i % 2 else world.bolt
            )

    edits(3)
    with CaptureQueriesContext(connection) as few:
        history_changes(world.chen_jie)
    edits(40)
    with django_assert_max_num_queries(len(few)):
        history = history_changes(world.chen_jie)
    assert history.truncated and len(history) == HISTORY_LIMIT
    assert all(entry.who == "张省局" for entry in history)


@pytest.mark.parametrize("limit", [1, 3, 6, HISTORY_LIMIT])
def test_a_history_from_rows_already_read_is_the_same_history(world, limit):
    """history_changes_from (the appointment page: its saves read once for three uses) gives exactly what
    history_changes gives, whatever the limit, truncation and the previous row of the oldest shown save."""
    person = world.chen_jie
    for i in range(5):
        services.person_update(
            person=person,
            actor=world.user("province"),
            enterprise=world.acme if i % 2 else world.bolt,
            position=f"质量总监{i}",
        )
    saves = list(person.history.select_related("history_user").order_by("history_date", "history_id"))
    assert len(saves) >= 6
    assert history_changes_from(saves, model=type(person), limit=limit) == history_changes(person, limit=limit)
