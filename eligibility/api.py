"""JSON API for eligibility checks (filled by the eligibility issue)."""

api_urlpatterns: list = []
