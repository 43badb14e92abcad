"""Fixtures of the dashboards tests."""

from .statistics_world import stats_world  # noqa: F401
