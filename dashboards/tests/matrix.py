"""Permission-matrix entries for the dashboard URLs (see cqo_portal/testing/matrix.py): the province's dashboard
and its CSVs are the province's alone (and the superuser's, acting as provincial staff); everyone else 403."""

from cqo_portal.testing.matrix import page

PROVINCE = ("province", "admin")

CASES = [
    page("dashboards:dashboard", *PROVINCE),
    page("dashboards:chart-csv", *PROVINCE, kwargs={"chart": "by-unit"}),
    page("dashboards:chart-csv", *PROVINCE, kwargs={"chart": "reporting"}, label="reporting"),
]
