"""Permission-matrix entries for the dashboard URLs (see cqo_portal/testing/matrix.py): the province's dashboard
and its CSVs are the province's alone (and the superuser's, acting as provincial staff); everyone else 403. A city
bureau's comparison tables (its own unit beside the provincial average) are the city bureaux' alone: each gets its
own unit's, so both 200; the province, which has the whole dashboard, and everyone else 403. An institution's
charts are its staff's alone: each institution gets its own (both 200), everyone else 403.

The statistics page, its exports and its API are the bureaux': the province every unit, a city bureau its own row;
asking for another unit is a mistake in the filter (the page shows the form's error, the API answers 400), never that
unit's figures. Institutions and enterprises 403; the API answers a signed-out caller 403 like the rest of the API."""

from cqo_portal.testing.matrix import BUREAUX, page

PROVINCE = ("province", "admin")


def chart(key: str):
    return lambda world: {"chart": key}


CASES = [
    page("dashboards:dashboard", *PROVINCE),
    page("dashboards:chart-csv", *PROVINCE, kwargs=chart("by-unit")),
    page("dashboards:chart-csv", *PROVINCE, kwargs=chart("reporting"), label="reporting"),
    page("dashboards:city-chart-csv", "city_a", "city_b", kwargs=chart("compare-counts")),
    page("dashboards:chart-csv", *PROVINCE, kwargs=chart("map"), label="map"),
    page("dashboards:chart-csv", *PROVINCE, kwargs=chart("activities"), label="activities"),
    page("dashboards:city-chart-csv", "city_a", "city_b", kwargs=chart("activities"), label="activities"),
    page("dashboards:institution-chart-csv", "institution_a", "institution_b", kwargs=chart("institution-cohorts")),
    page("statistics", *BUREAUX),
    page("statistics", *BUREAUX, query="period=2025&export=xlsx"),
    page("statistics", *BUREAUX, query="period=2025-H1&industry_section=C&export=csv"),
    page("api-statistics-units", *BUREAUX, anonymous=403),
    page(
        "api-statistics-units",
        "province",
        "city_a",
        "admin",
        query="unit=350100&period=2025-Q2",
        city_b=400,
        anonymous=403,
    ),
    page("api-statistics-dashboard", *BUREAUX, anonymous=403),
]
