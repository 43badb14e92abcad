"""The permission matrix: each URL declares, per principal, the status it must answer.

Apps list their URLs in `<app>/tests/matrix.py` as `CASES = [Case(...), ...]`;
tests/test_permission_matrix.py runs every case for every principal and fails when a URL
the project registers has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .world import PRINCIPALS, World

LOGIN = "login"  # expected: redirected to the sign-in page


def expect(default: int | str, **overrides: int | str) -> dict[str, int | str]:
    """Expected outcome per principal: `default` for all, then overrides by principal name.

    Shorthands: `staff=` sets every signed-in non-admin principal; `anonymous` defaults to LOGIN.
    """
    result: dict[str, int | str] = {p: default for p in PRINCIPALS}
    result["anonymous"] = LOGIN
    staff = overrides.pop("staff", None)
    if staff is not None:
        for p in PRINCIPALS:
            if p not in ("anonymous", "admin"):
                result[p] = staff
    unknown = set(overrides) - set(PRINCIPALS)
    if unknown:
        raise ValueError(f"unknown principals in matrix: {sorted(unknown)}")
    result.update(overrides)
    return result


@dataclass
class Case:
    route: str  # URL name, with namespace: "registry:enterprise-detail"
    expected: dict[str, int | str]
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] | None = None
    data: Callable[[World], dict[str, Any]] | None = None
    content_type: str | None = None  # e.g. "application/json" for API writes
    query: str = ""
    note: str = ""
    # A write that must change no row for anyone, e.g. a form re-shown with errors.
    changes_nothing: bool = False

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.route}{'?' + self.query if self.query else ''}"
