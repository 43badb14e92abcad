"""/api/v1/statistics/units: the statistics page's table as JSON, from the same selector, with the API's one error
shape for bad parameters."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dashboards.selectors.statistics import STATISTICS_FIGURES

pytestmark = pytest.mark.django_db

API = "/api/v1/statistics/units"
KEYS = [key for key, _, _ in STATISTICS_FIGURES]


def test_the_api_gives_the_page_and_xlsx_numbers(stats_world, client_for):
    client = client_for("province")
    query = {"period": "2024", "industry_section": "C"}
    body = client.get(API, query).json()
    assert body["period"] == {"code": "2024", "label": "2024年度", "start": "2024-01-01", "end": "2024-12-31"}
    assert body["as_of"].startswith("2025-01-01T00:00:00")
    assert body["filters"] == {"unit": "", "industry_section": "C", "size": ""}
    assert [d["key"] for d in body["definitions"]] == KEYS and all(d["definition"] for d in body["definitions"])
    page = client.get("/statistics/", query).context["statistics"]
    assert [(row["unit_code"], row["unit"]) for row in body["rows"]] == [(r.code, r.unit) for r in page.rows]
    assert [[row[key] for key in KEYS] for row in body["rows"]] == [r.cells for r in page.rows]
    assert body["total"] == page.total and body["total"]["persons_trained"] == 2

    response = client.get("/statistics/", {**query, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    xlsx_rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    api_rows = [[row["unit"], *(str(row[key]) for key in KEYS)] for row in body["rows"]]
    api_rows.append(["合计", *(str(body["total"][key]) for key in KEYS)])
    assert xlsx_rows == api_rows


def test_a_city_bureau_gets_its_own_unit_and_a_400_for_another(stats_world, client_for):
    client = client_for("city_a")
    body = client.get(API, {"period": "2024"}).json()
    assert [row["unit"] for row in body["rows"]] == ["福州市"]
    assert body["rows"][0]["persons_certified"] == 1
    response = client.get(API, {"period": "2024", "unit": "350200"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["unit"]
    assert "厦门" not in response.content.decode()


@pytest.mark.parametrize("principal, status", [("enterprise_a", 403), ("institution_a", 403), ("anonymous", 403)])
def test_others_are_refused(world, client_for, principal, status):
    response = client_for(principal).get(API)
    assert response.status_code == status
    assert "error" in response.json()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"period": "2026Q9"}, "period"),
        ({"period": "2026-Q9"}, "period"),
        ({"period": "999999999"}, "period"),
        ({"unit": "12345678901234567890123"}, "unit"),
        ({"industry_section": "中"}, "industry_section"),
        ({"size": "x"}, "size"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(world, client_for, query, field):
    response = client_for("province").get(API, query)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_the_schema_documents_the_parameters_and_response(world, client_for):
    schema = client_for("province").get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/statistics/units"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"unit", "industry_section", "size", "period"}
    assert "200" in operation["responses"]
    assert "persons_certified" in schema["components"]["schemas"]["UnitStatisticsRow"]["properties"]


def test_the_dashboard_api_gives_the_province_its_dashboard_and_a_city_its_comparison(
    stats_world, client_for, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0
    body = client_for("province").get("/api/v1/statistics/dashboard").json()
    assert body["scope"] == "province"
    headlines = {h["key"]: h for h in body["headlines"]}
    assert headlines["enterprises_with_post"]["value"] == 1 and headlines["pool_members"]["definition"]
    by_unit = next(c for c in body["charts"] if c["key"] == "by-unit")
    assert by_unit["header"][0] == "报备单位" and ["福州市", 1, 1] in by_unit["rows"]
    body = client_for("city_b").get("/api/v1/statistics/dashboard").json()
    assert body["scope"] == "city" and {c["key"] for c in body["charts"]} == {
        "compare-counts",
        "compare-rates",
        "activities",
    }
    assert "福州市" not in str(body)
    assert client_for("enterprise_a").get("/api/v1/statistics/dashboard").status_code == 403
