"""Permission-matrix entries for the dashboard URLs (see cqo_portal/testing/matrix.py): the province's dashboard
and its CSVs are the province's alone (and the superuser's, acting as provincial staff); everyone else 403. A city
bureau's comparison tables (its own unit beside the provincial average) are the city bureaux' alone: each gets its
own unit's, so both 200; the province, which has the whole dashboard, and everyone else 403. An institution's
charts are its staff's alone: each institution gets its own (both 200), everyone else 403."""

from cqo_portal.testing.matrix import page

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
]
