"""The statistics page: per reporting unit the city report's figures, the pool and valid certificates, for a
period and filters; scoped; bad input is an error on the form; the XLSX and CSV carry the page's numbers."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dashboards.selectors.headlines import current_cqos
from dashboards.selectors.statistics import STATISTICS_FIGURES, current_period, parse_period, period_choices
from filings.selectors.figures import city_report_figures, unit_figures
from registry.models import AppointmentStatus, Enterprise, Finding

from .statistics_world import PDF, acknowledge, day

pytestmark = pytest.mark.django_db

URL = "/statistics/"
KEYS = [key for key, _, _ in STATISTICS_FIGURES]


def rows_of(response) -> dict[str, dict[str, int]]:
    statistics = response.context["statistics"]
    return {row.unit: row.figures for row in statistics.rows}


def test_periods_parse_from_their_codes_and_refuse_made_up_ones():
    today = day(2026, 8, 15)
    assert parse_period("2026-Q3", today).label == "2026年第3季度"
    assert parse_period("2026-H1", today).end == day(2026, 6, 30)
    assert parse_period("2025", today).start == day(2025, 1, 1)
    for bad in ("2026Q9", "2026-Q9", "2026-Q4", "2027", "99999999", "2013", "", "2026-h1 x"):
        assert parse_period(bad, today) is None, bad
    assert current_period(today).code == "2026-Q3"
    codes = [p.code for p in period_choices(today)]
    assert codes[:4] == ["2026", "2026-H1", "2026-H2", "2026-Q1"] and "2026-Q4" not in codes and codes[-1] == "2014-Q4"


def test_the_table_counts_each_unit_and_totals_them(stats_world, client_for):
    response = client_for("province").get(URL, {"period": "2024"})
    assert response.status_code == 200
    rows = rows_of(response)
    assert list(rows)[:2] == ["福州市", "厦门市"] and len(rows) == 10  # every unit, in City order
    fuzhou, xiamen = rows["福州市"], rows["厦门市"]
    assert fuzhou["enterprises"] == 1 and fuzhou["enterprises_with_post"] == 1
    assert fuzhou["appointments_current"] == 1 and fuzhou["appointments_new"] == 1
    assert (fuzhou["persons_trained"], fuzhou["persons_passed"], fuzhou["persons_certified"]) == (1, 1, 1)
    assert (fuzhou["pool_members"], fuzhou["valid_certificates"]) == (1, 1)
    assert (xiamen["persons_trained"], xiamen["persons_passed"], xiamen["findings_recorded"]) == (1, 0, 1)
    assert xiamen["enterprises_with_post"] == 0 and xiamen["appointments_current"] == 0
    total = response.context["statistics"].total
    assert total["enterprises"] == 2 and total["persons_trained"] == 2 and total["findings_recorded"] == 1
    html = response.content.decode()
    assert "合计" in html and "截至" in html and "口径" in html
    for _, label, definition in STATISTICS_FIGURES:
        assert label in html and definition in html


def test_each_unit_row_is_what_its_city_report_says(stats_world):
    """The grouped figures are the city report's, unit by unit (one definition of each figure)."""
    grouped = unit_figures(start=day(2024, 1, 1), end=day(2024, 12, 31))
    for city in (stats_world.fuzhou, stats_world.xiamen):
        assert grouped[city.pk] == city_report_figures(city_id=city.pk, start=day(2024, 1, 1), end=day(2024, 12, 31))


def test_a_quarter_counts_only_what_happened_in_it(stats_world, client_for):
    rows = rows_of(client_for("province").get(URL, {"period": "2024-Q3"}))
    fuzhou, xiamen = rows["福州市"], rows["厦门市"]
    assert fuzhou["appointments_current"] == 1 and fuzhou["appointments_new"] == 0  # started in June (Q2)
    assert fuzhou["persons_trained"] == 0 and fuzhou["persons_certified"] == 0  # the cohort ended in May
    assert fuzhou["valid_certificates"] == 1  # still valid at the quarter's end
    assert xiamen["findings_recorded"] == 1


def test_filters_drop_enterprises_of_another_section_or_size(stats_world, client_for):
    client = client_for("province")
    Enterprise.objects.filter(pk=stats_world.bolt.pk).update(industry_section="F")
    rows = rows_of(client.get(URL, {"period": "2024", "industry_section": "C"}))
    assert rows["福州市"]["enterprises"] == 1 and rows["福州市"]["persons_trained"] == 1
    assert rows["厦门市"]["enterprises"] == 0 and rows["厦门市"]["persons_trained"] == 0
    assert rows["厦门市"]["findings_recorded"] == 0  # chen_jie's employer is of section F now
    rows = rows_of(client.get(URL, {"period": "2024", "industry_section": "F"}))
    assert rows["福州市"]["enterprises"] == 0 and rows["福州市"]["persons_certified"] == 0
    assert rows["福州市"]["pool_members"] == 0 and rows["厦门市"]["findings_recorded"] == 1
    acme_size = Enterprise.objects.get(pk=stats_world.acme.pk).effective_size
    bolt_size = Enterprise.objects.get(pk=stats_world.bolt.pk).effective_size
    assert acme_size != bolt_size
    rows = rows_of(client.get(URL, {"period": "2024", "size": bolt_size}))
    assert rows["福州市"]["enterprises"] == 0 and rows["福州市"]["appointments_current"] == 0
    assert rows["厦门市"]["enterprises"] == 1 and rows["厦门市"]["persons_trained"] == 1
    rows = rows_of(client.get(URL, {"period": "2024", "unit": "350200"}))
    assert list(rows) == ["厦门市"]


def test_a_city_bureau_sees_only_its_own_unit(stats_world, client_for):
    client = client_for("city_b")
    response = client.get(URL, {"period": "2024"})
    assert list(rows_of(response)) == ["厦门市"]
    assert "福州市" not in response.content.decode().split('data-testid="statistics-table"')[1]
    refused = client.get(URL, {"period": "2024", "unit": "350100"})
    assert refused.status_code == 200 and refused.context["statistics"] is None
    assert "报备单位" in refused.context["form"].errors.as_text() or "unit" in refused.context["form"].errors
    assert "没有这个报备单位" in refused.content.decode()
    refused = client.get(URL, {"period": "2024", "unit": "350100", "export": "xlsx"})
    assert refused["Content-Type"].startswith("text/html")  # no file of another unit's figures


@pytest.mark.parametrize(
    "query, field",
    [
        ({"period": "2026Q9"}, "period"),
        ({"period": "99999999999"}, "period"),
        ({"period": "2099"}, "period"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "99999999999999999999999"}, "unit"),
        ({"industry_section": "Z"}, "industry_section"),
        ({"size": "huge"}, "size"),
    ],
)
def test_bad_input_is_an_error_on_the_form_naming_the_field(world, client_for, query, field):
    response = client_for("province").get(URL, query)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["statistics"] is None
    label = response.context["form"].fields[field].label
    assert f"{label}：" in response.content.decode()


def test_the_xlsx_and_csv_carry_the_page_numbers(stats_world, client_for):
    client = client_for("province")
    query = {"period": "2024", "industry_section": "C"}
    page = client.get(URL, query).context["statistics"]
    response = client.get(URL, {**query, "export": "xlsx"})
    assert response.status_code == 200
    assert "2024" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == ["报备单位", *(label for _, label, _ in STATISTICS_FIGURES)]
    assert all(sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLM")
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    expected = [[row.unit, *(str(row.figures[key]) for key in KEYS)] for row in page.rows]
    expected.append(["合计", *(str(page.total[key]) for key in KEYS)])
    assert [[str(value) for value in row] for row in cells] == expected

    response = client.get(URL, {**query, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1:] == expected


def test_the_current_cqo_is_one_definition_for_the_dashboard_and_the_city_report(world):
    """lin_fang is acme's acknowledged CQO; chen_jie, acknowledged to take over on 1 June, waits for the daily
    switch: at the end of June both the dashboard's headline and the city report count one current CQO."""
    acknowledge(world.acme, world.lin_fang, day(2025, 1, 1))
    acknowledge(world.acme, world.chen_jie, day(2025, 6, 1), status=AppointmentStatus.SCHEDULED)
    end = day(2025, 6, 30)
    report = city_report_figures(city_id=world.fuzhou.pk, start=day(2025, 4, 1), end=end)["appointments_current"]
    assert report == 1
    assert current_cqos(world.user("city_a"), end) == report
    assert current_cqos(world.user("province"), end) == report


def _grow(world, n):
    """n more enterprises in each of the two units, and n more findings."""
    for i in range(n):
        for city in (world.fuzhou, world.xiamen):
            Enterprise.objects.create(
                credit_code=f"{city.code}{i:04d}X", name=f"增{city.code}{i}", city=city, industry_section="C"
            )
        Finding.objects.create(
            person=world.lin_fang if i % 2 else world.chen_jie,
            item=2,
            decided_on=day(2024, 10, 1),
            evidence=SimpleUploadedFile("e.pdf", PDF),
            recorded_by=world.users["province"],
        )


def test_the_query_count_stays_flat_as_units_and_enterprises_grow(stats_world, client_for):
    client = client_for("province")
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"period": "2024"}).status_code == 200
    _grow(stats_world, 6)
    Enterprise.objects.update(created_at=timezone.make_aware(datetime.datetime(2023, 1, 1)))
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"period": "2024"})
    assert response.context["statistics"].total["enterprises"] == 14
    assert response.context["statistics"].total["findings_recorded"] == 7
    assert len(large) == len(small)


def test_columns_sort_and_an_unknown_sort_is_ignored(stats_world, client_for):
    client = client_for("province")
    assert list(rows_of(client.get(URL, {"period": "2024", "sort": "-findings_recorded"})))[0] == "厦门市"
    assert list(rows_of(client.get(URL, {"period": "2024", "sort": "findings_recorded"})))[-1] == "厦门市"
    response = client.get(URL, {"period": "2024", "sort": "-password"})
    assert response.status_code == 200 and list(rows_of(response))[:2] == ["福州市", "厦门市"]
    assert 'aria-sort="descending"' in client.get(URL, {"sort": "-enterprises"}).content.decode()
