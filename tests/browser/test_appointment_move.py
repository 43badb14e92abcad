"""Issue 9 in a browser: a CQO changes employer (the new enterprise attaches her by ID and name, its city
acknowledges, the old post ends as left on the new start date and the old city is told), and an appointment
acknowledged ahead of its date stays pending until then, when it becomes current (time moved)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from cqo_portal.testing.world import PASSWORD
from registry import services
from registry.models import Appointment, AppointmentEndReason, AppointmentStatus, Education, TitleLevel
from registry.tasks import appointments_take_effect_task
from registry.tests.appointment_fixtures import acknowledged, pdf_bytes
from registry.validators import make_resident_id
from training.models import Certificate

pytestmark = pytest.mark.django_db(transaction=True)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI), tick=True)


def test_a_cqo_moves_and_a_future_appointment_waits_for_its_date(world, page, login, screenshot, live_server, tmp_path):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    letter = tmp_path / "聘任文件.pdf"
    letter.write_bytes(pdf_bytes("Appointment"))
    with on(datetime.date(2026, 11, 24)):
        old = acknowledged(world)  # lin_fang: acme's CQO since 2025-01-02 (Fuzhou)
        # bolt's next CQO, on file at bolt, for the future-dated part.
        zheng = services.person_register(
            actor=None,
            name="郑海",
            resident_id=make_resident_id("35020319790202003"),
            education=Education.MASTER,
            title_level=TitleLevel.ASSOCIATE_SENIOR,
            enterprise=world.bolt,
            declared_ethics=True,
            declared_laws=True,
            declared_on=datetime.date(2024, 1, 1),
            quality_work=[{"start": datetime.date(2008, 1, 1), "employer": "鹭岛紧固件有限公司"}],
        )
        Certificate.objects.create(
            number="FJCQO-2024-0009", person=zheng, institution=world.academy, issued_on=datetime.date(2024, 6, 1)
        )

        # bolt (Xiamen) appoints acme's CQO: ticks 调入本企业 and types only her ID and name.
        login(world.user("enterprise_b").username, PASSWORD)
        page.goto(live_server.url + reverse("registry:appointment-create"))
        page.get_by_label("该人员已在其他企业登记过（调入本企业）").check()
        page.get_by_label("姓名").fill("林芳")
        page.get_by_label("居民身份证号码").fill(world.lin_fang_id)
        page.get_by_label("聘任日期").fill("2026-11-20")
        page.get_by_label("聘任文件（PDF）").set_input_files(str(letter))
        screenshot("move-0-attach-form")
        page.get_by_role("button", name="保存并核验任职资格").click()
        page.get_by_role("button", name="提交备案").click()
        assert page.get_by_test_id("appointment-status").inner_text() == "已提交待备案"
        moved = Appointment.objects.get(enterprise=world.bolt)
        assert moved.person == world.lin_fang
        screenshot("move-1-bolt-submitted")

        # Xiamen acknowledges; the confirmation says what ends where, and when.
        page.context.clear_cookies()
        login(world.user("city_b").username, PASSWORD)
        page.goto(live_server.url + reverse("registry:appointment-detail", args=[moved.pk]))
        page.get_by_role("link", name="备案", exact=True).click()
        consequences = page.get_by_test_id("acknowledge-consequences").inner_text()
        assert "林芳现为榕城精密机械有限公司的首席质量官（2025-01-02起）" in consequences
        assert "于2026-11-20终止（离职）" in consequences
        screenshot("move-2-city-b-confirm")
        page.get_by_role("button", name="确认备案").click()
        assert page.get_by_test_id("appointment-status").inner_text() == "已备案（现任）"
        screenshot("move-3-bolt-current")

        # Fuzhou is told, and acme's appointment reads as ended on bolt's start date, as left.
        page.context.clear_cookies()
        login(world.user("city_a").username, PASSWORD)
        assert page.get_by_text("其在榕城精密机械有限公司的首席质量官聘任同日终止（离职）").first.is_visible()
        page.goto(live_server.url + reverse("registry:appointment-detail", args=[old.pk]))
        facts = page.get_by_test_id("appointment-facts").inner_text()
        assert "已终止" in facts and "2026-11-20 离职（到其他企业任职）" in facts
        screenshot("move-4-acme-ended-left")
        old.refresh_from_db()
        assert (old.end_reason, old.ended_on) == (AppointmentEndReason.LEFT, datetime.date(2026, 11, 20))

        # bolt then appoints 郑海 from 2026-12-01; Xiamen acknowledges on 2026-11-24.
        page.context.clear_cookies()
        login(world.user("enterprise_b").username, PASSWORD)
        page.goto(live_server.url + reverse("registry:appointment-create"))
        page.get_by_label("选择已登记人员").select_option(label=str(zheng))
        page.get_by_label("聘任日期").fill("2026-12-01")
        page.get_by_label("聘任文件（PDF）").set_input_files(str(letter))
        page.get_by_role("button", name="保存并核验任职资格").click()
        page.get_by_role("button", name="提交备案").click()
        future = Appointment.objects.get(person=zheng)
        page.context.clear_cookies()
        login(world.user("city_b").username, PASSWORD)
        page.goto(live_server.url + reverse("registry:appointment-acknowledge", args=[future.pk]))
        consequences = page.get_by_test_id("acknowledge-consequences").inner_text()
        assert "该聘任将于2026-12-01生效" in consequences and "林芳继续任职" in consequences
        page.get_by_role("button", name="确认备案").click()
        assert page.get_by_test_id("appointment-status").inner_text() == "已备案，将于2026-12-01生效"
        screenshot("future-1-scheduled")
        page.goto(live_server.url + reverse("registry:enterprise-detail", args=[world.bolt.pk]))
        assert "林芳" in page.get_by_text("现任首席质量官").locator("xpath=following-sibling::dd[1]").inner_text()

    with on(datetime.date(2026, 12, 1)):
        # On the date, before the daily task: the page already reads it as current (a week on: signed in anew).
        page.context.clear_cookies()
        login(world.user("city_b").username, PASSWORD)
        page.goto(live_server.url + reverse("registry:appointment-detail", args=[future.pk]))
        assert page.get_by_test_id("appointment-status").inner_text() == "已备案（现任）"
        future.refresh_from_db()
        assert future.status == AppointmentStatus.SCHEDULED
        screenshot("future-2-current-on-read")
        # The task writes the switch: lin_fang's post at bolt ends as replaced on 2026-12-01.
        assert appointments_take_effect_task.delay().get(timeout=10) == 1
        page.goto(live_server.url + reverse("registry:enterprise-detail", args=[world.bolt.pk]))
        assert "郑海" in page.get_by_text("现任首席质量官").locator("xpath=following-sibling::dd[1]").inner_text()
        screenshot("future-3-enterprise-page")
        page.goto(live_server.url + reverse("registry:appointment-detail", args=[moved.pk]))
        assert "2026-12-01 更换首席质量官" in page.get_by_test_id("appointment-facts").inner_text()
        screenshot("future-4-previous-replaced")
    assert not console_errors, console_errors
