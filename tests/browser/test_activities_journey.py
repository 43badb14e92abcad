"""Article 15 and Article 14 in the browser: the province records an exchange, finds lin_fang by name and adds her,
sees her card on the pool page; then looks up a pasted list of codes and sees each answered."""

import pytest
from django.urls import reverse

from cqo_portal.testing.world import PASSWORD
from registry.validators import make_credit_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_province_records_an_exchange_and_adds_a_participant(world, page, login, live_server, screenshot):
    login(world.user("province").username, PASSWORD)
    page.goto(live_server.url + reverse("registry:exchange-create"))
    page.get_by_label("活动名称").fill("全省首席质量官经验交流会")
    page.get_by_label("举办日期").fill("2025-11-20")
    page.get_by_label("举办地点").fill("福州市")
    page.get_by_label("主办单位").fill("福建省市场监督管理局")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("participant-add").click()
    page.get_by_role("searchbox", name="搜索人员").fill("林")
    page.get_by_role("button", name="搜索").click()
    page.get_by_label("人员", exact=True).select_option(
        label=f"林芳（{world.lin_fang.resident_id_masked}），榕城精密机械有限公司"
    )
    page.get_by_label("参与方式").fill("交流发言")
    page.get_by_role("button", name="添加参加人员").click()
    assert "林芳" in page.get_by_test_id("participants").inner_text()
    screenshot("exchange-detail-1366")
    page.goto(live_server.url + reverse("pool:detail", args=[world.lin_fang.pk]))
    assert "全省首席质量官经验交流会" in page.get_by_test_id("person-activities").inner_text()


def test_many_codes_at_once_on_a_laptop_and_a_phone(world, page, login, live_server, screenshot):
    login(world.user("province").username, PASSWORD)
    for width, height, name in ((1366, 768, "1366"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("registry:cqo-status-batch"))
        codes = [world.acme.credit_code, "913501OO", world.bolt.credit_code, make_credit_code("91350100MA9999999")]
        page.get_by_label("统一社会信用代码清单").fill("\n".join(codes))
        page.get_by_role("button", name="查询").first.click()
        rows = page.get_by_test_id("status-table").locator("tbody tr")
        assert rows.count() == 3
        assert "未登记" in rows.nth(2).inner_text()
        assert "第2行" in page.get_by_test_id("row-errors").inner_text()
        screenshot(f"cqo-status-batch-{name}")
