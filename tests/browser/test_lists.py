"""A list in the browser: the talent pool searched by pinyin initials, in pinyin order, re-sorted by its header."""

import pytest
from django.urls import reverse

from cqo_portal.testing.world import PASSWORD
from pool.tests.test_pool import add_members

pytestmark = pytest.mark.django_db(transaction=True)


def test_pool_found_by_initials_sorts_by_pinyin_and_by_its_header(world, page, login, live_server, screenshot):
    add_members(world, ["王芳", "吴飞", "汪芳华", "温峰", "魏福来", "张伟", "曾凡", "陈杰"])
    login(world.user("province").username, PASSWORD)
    page.goto(live_server.url + reverse("pool:list"))
    page.get_by_label("搜索").fill("wf")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state("networkidle")
    names = page.get_by_test_id("pool-table").locator("tbody tr td:first-child").all_inner_texts()
    assert names == ["王芳", "汪芳华", "魏福来", "温峰", "吴飞"]  # wang fang < wang fang hua < wei < wen < wu
    header = page.locator('th[aria-sort="ascending"]')
    assert header.inner_text() == "姓名 ▲"
    assert "每页 50 条" in page.get_by_test_id("page-footer").inner_text()
    assert page.get_by_label("每页").input_value() == "50"
    screenshot("pool-sorted-by-pinyin-wf")
    header.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    names = page.get_by_test_id("pool-table").locator("tbody tr td:first-child").all_inner_texts()
    assert names == ["吴飞", "温峰", "魏福来", "汪芳华", "王芳"]
    assert page.locator('th[aria-sort="descending"]').inner_text() == "姓名 ▼"
    assert page.get_by_label("搜索").input_value() == "wf"
