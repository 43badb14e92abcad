"""The permission matrix: each URL declares, per principal, the status it must answer.

Apps list their URLs in `<app>/tests/matrix*.py` as `CASES = [...]`; tests/test_permission_matrix.py
runs every case for every principal (one pytest id per case and principal) and fails when a URL
the project registers has no case.

The expectations are written from the measures, never read from the views or the policy: a
constructor below only spells a recurring shape ("these principals get 200, the other signed-in
ones 403") so that each common URL is one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .world import PRINCIPALS, World

LOGIN = "login"  # expected: redirected to the sign-in page

# Groups of principals the case files name often (see world.py for who they are).
SIGNED_IN = tuple(p for p in PRINCIPALS if p != "anonymous")
BUREAUX = ("province", "city_a", "city_b", "admin")  # the market-regulation bureaux and the superuser
ENTERPRISES = ("enterprise_a", "enterprise_b")

Kwargs = Callable[[World], dict[str, Any]]
Data = Callable[[World], dict[str, Any]]


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


def only(default: int | str, allowed: Iterable[str], status: int | str = 200, **overrides: int | str):
    """`status` for the `allowed` principals, `default` for the other signed-in ones; overrides win."""
    return expect(default, **{**{p: status for p in allowed}, **overrides})


@dataclass
class Case:
    route: str  # URL name, with namespace: "registry:enterprise-detail"
    expected: dict[str, int | str]
    method: str = "get"
    kwargs: Kwargs | None = None
    data: Data | None = None
    content_type: str | None = None  # e.g. "application/json" for API writes
    query: str = ""
    note: str = ""
    # A write that must change no row for anyone, e.g. a form re-shown with errors.
    changes_nothing: bool = False
    # Tells apart cases of the same method, route and query ("acme", "draft", "invalid"); part of the id.
    label: str = ""

    @property
    def id(self) -> str:
        """`METHOD route?query (label)`: unique across the matrix (tests/test_permission_matrix.py checks)."""
        query = f"?{self.query}" if self.query else ""
        label = f" ({self.label})" if self.label else ""
        return f"{self.method.upper()} {self.route}{query}{label}"


# Constructors for the recurring shapes. Each returns a plain Case (or two); overrides by principal
# name (`city_b=404`, `anonymous=403`) adjust the few outcomes that differ from the shape.


def page(
    route: str,
    *allowed: str,
    kwargs: Kwargs | None = None,
    query: str = "",
    label: str = "",
    note: str = "",
    **overrides,
) -> Case:
    """A page only `allowed` may open: 200 for them, 403 for the other signed-in principals."""
    return Case(route, only(403, allowed, **overrides), kwargs=kwargs, query=query, label=label, note=note)


def listing(route: str, *allowed: str, query: str = "export=csv", note: str = "", **overrides) -> list[Case]:
    """A list page, and the same list with `query` (its CSV export by default), for the same principals."""
    return [
        page(route, *allowed, note=note, **overrides),
        page(route, *allowed, query=query, note=note, **overrides),
    ]


def scoped(route: str, kwargs: Kwargs, *sees: str, label: str = "", note: str = "", **overrides) -> Case:
    """An object's page: 200 for the principals whose scope holds it, 404 for the other signed-in ones."""
    return Case(route, only(404, sees, **overrides), kwargs=kwargs, label=label, note=note)


def post(
    route: str,
    expected: dict[str, int | str],
    *,
    kwargs: Kwargs | None = None,
    data: Data | None = None,
    json: bool = False,
    label: str = "",
    note: str = "",
    changes_nothing: bool = False,
) -> Case:
    """A POST (a JSON one with `json=True`); refused principals must change no row."""
    content_type = "application/json" if json else None
    return Case(
        route,
        expected,
        method="post",
        kwargs=kwargs,
        data=data,
        content_type=content_type,
        label=label,
        note=note,
        changes_nothing=changes_nothing,
    )


def inert_post(
    route: str,
    data: Data,
    *allowed: str,
    kwargs: Kwargs | None = None,
    json: bool = False,
    label: str = "",
    note: str = "",
    **overrides,
) -> Case:
    """A POST that must change nothing for anyone: `allowed` get 200 (a form re-shown, a verdict), others 403."""
    expected = only(403, allowed, **overrides)
    return post(route, expected, kwargs=kwargs, data=data, json=json, label=label, note=note, changes_nothing=True)
