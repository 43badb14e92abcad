"""Hypothesis strategies for the fuzz tests: every URL pattern the portal has, filled with hostile text.

The URLs come from `get_resolver()`, so a new page is fuzzed the day it is added. Values are
percent-encoded from UTF-8 with surrogates passed through, so a lone surrogate arrives as the
bytes %ED%A0%80 a browser or a script could send, and a NUL as %00.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import strategies as st

# Values that broke, or could break, a parser somewhere: NUL, lone surrogates, digits int() refuses
# or reads differently, numbers beyond any column, JSON and path look-alikes.
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "9" * 30,
    str(2**63),
    str(2**63 - 1),
    "1e309",
    "NaN",
    "[",
    "{}",
    "null",
    "true",
    "'",
    '"',
    "%",
    "%00",
    "../",
    "..%2F",
    "//",
    " ",
    "\t\n",
    "<script>",
    "350100",
    "350199198001011232",
    "91350100AC0000001X",
    "2026-02-30",
    "2026-06-30",
    "林芳",
    "x" * 5000,
]

# The query keys the portal's lists, filters, exports, cursors, forms and the admin read.
QUERY_KEYS = [
    "q",
    "sort",
    "page",
    "per_page",
    "after",
    "before",
    "city",
    "city_code",
    "status",
    "verdict_status",
    "export",
    "person",
    "item",
    "name",
    "since",
    "until",
    "actor",
    "action",
    "size",
    "industry_section",
    "enterprise_size",
    "education",
    "title_level",
    "eligibility",
    "certificate_year",
    "credit_code",
    "resident_id",
    "limit",
    "offset",
    "format",
    "next",
    "o",
    "p",
    "e",
    "_changelist_filters",
    "_popup",
    "_to_field",
    "all",
]

# Form fields the portal's forms have (a random subset is posted): names, codes, dates and choices.
FORM_KEYS = [
    "name",
    "credit_code",
    "resident_id",
    "person",
    "enterprise",
    "city",
    "item",
    "decided_on",
    "lifted_on",
    "note",
    "reason",
    "evidence",
    "appointed_by",
    "appointed_on",
    "duties",
    "size",
    "declared_size",
    "industry_section",
    "industry_division",
    "employees",
    "revenue",
    "total_assets",
    "education",
    "title_level",
    "as_of",
    "enterprise_size",
    "username",
    "password",
    "old_password",
    "new_password1",
    "new_password2",
    "next",
    "post",
    "action",
    "_selected_action",
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "form-0-start",
    "quality_work-TOTAL_FORMS",
    "quality_work-INITIAL_FORMS",
    "quality_work-0-start",
    "quality_work-0-end",
]

GROUP = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)|\((?:[^()]|\([^()]*\))*\)")
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


@dataclass(frozen=True)
class UrlShape:
    """A URL pattern as a list of literal pieces with holes between them, one per path parameter."""

    name: str
    pieces: tuple[str, ...]  # len(pieces) == len(kinds) + 1
    kinds: tuple[str, ...]  # converter per hole: int, str, path, slug, uuid or "regex"

    @property
    def api(self) -> bool:
        return self.pieces[0].startswith("/api/")

    def fill(self, values: list[str]) -> str:
        url = self.pieces[0]
        for value, piece, kind in zip(values, self.pieces[1:], self.kinds, strict=True):
            url += quote(value.encode("utf-8", "surrogatepass"), safe="/" if kind == "path" else "")
            url += piece
        return url


def _split(pattern) -> tuple[list[str], list[str]]:
    """A pattern's literal pieces and its holes' kinds."""
    if isinstance(pattern, RoutePattern):
        text, regex, kind_of = str(pattern), CONVERTER, lambda m: m.group(1) or "str"
    else:
        text = str(pattern).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        regex, kind_of = GROUP, lambda m: "regex"
    pieces, kinds, start = [], [], 0
    for match in regex.finditer(text):
        pieces.append(text[start : match.start()])
        kinds.append(kind_of(match))
        start = match.end()
    pieces.append(text[start:])
    if not isinstance(pattern, RoutePattern):
        pieces = [piece.replace("\\", "") for piece in pieces]
    return pieces, kinds


def url_shapes() -> list[UrlShape]:
    """Every URL pattern the portal resolves, pages, API and admin alike."""
    shapes = []

    def walk(resolver, prefix_pieces, prefix_kinds):
        for entry in resolver.url_patterns:
            pieces, kinds = _split(entry.pattern)
            joined = [*prefix_pieces[:-1], prefix_pieces[-1] + pieces[0], *pieces[1:]]
            all_kinds = [*prefix_kinds, *kinds]
            if isinstance(entry, URLResolver):
                walk(entry, joined, all_kinds)
            elif isinstance(entry, URLPattern):
                shapes.append(UrlShape(entry.name or "-".join(joined), tuple(joined), tuple(all_kinds)))

    walk(get_resolver(), ["/"], [])
    return shapes


def _surrogate_safe_dumps(value) -> str:
    return json.dumps(value)  # ensure_ascii: a lone surrogate becomes "\ud800", as a forger writes it


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.sampled_from(NASTY),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)

# A keyset cursor: base64 of a JSON list, the shape the pool writes, with hostile members.
cursors = st.lists(json_values, min_size=1, max_size=4).map(
    lambda values: base64.urlsafe_b64encode(_surrogate_safe_dumps(values).encode()).decode().rstrip("=")
)

texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\x00", "\ud800", "\udc00"]), max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    cursors,
)

# Path parameters: mostly values that match an int converter, so the view behind it runs.
path_values = st.one_of(
    st.integers(min_value=0, max_value=2**70).map(str),
    st.sampled_from(["1", "2", "3", "0", str(2**63), "9" * 25]),
    texts,
)


@st.composite
def requests(draw, shapes: list[UrlShape]):
    """A request to one of the shapes: path values, a query string, and for POST a form or a JSON body."""
    # Three draws in four from the portal's own pages and API; the admin's 80-odd patterns take the rest.
    portal = [shape for shape in shapes if not shape.pieces[0].startswith("/admin/")]
    admin = [shape for shape in shapes if shape not in portal] or portal
    shape = draw(st.sampled_from(portal) if draw(st.integers(0, 3)) else st.sampled_from(admin))
    url = shape.fill([draw(path_values) for _ in shape.kinds])
    query = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS) | st.text(max_size=5), texts), max_size=4))
    if query:
        url += "?" + "&".join(
            f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
            for k, v in query
        )
    method = draw(st.sampled_from(["GET", "GET", "GET", "POST", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]))
    if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return Request(method, url)
    if shape.api:
        if draw(st.booleans()):
            return Request(method, url, "json", draw(json_values))
        return Request(method, url, "raw", draw(st.sampled_from(BROKEN_JSON) | st.text(max_size=50)))
    return Request(
        method, url, "form", draw(st.dictionaries(st.sampled_from(FORM_KEYS) | st.text(max_size=5), texts, max_size=6))
    )


# Bodies a JSON parser must refuse without a 500: deep nesting, a lone surrogate, truncation, huge numbers.
BROKEN_JSON = [
    "[" * 10_000,
    "{" * 100 + "}" * 100,
    '{"id": "\\ud800"}',
    '{"id": "\\u0000"}',
    "{",
    "",
    "NaN",
    "1" * 5000,
]


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    kind: str = ""  # "form", "json" (body JSON-encoded) or "raw" (body sent as is)
    body: object = None


class _FormParser(HTMLParser):
    """The POST forms of a page: action and the fields with the values the page fills in."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.forms.append((attrs.get("action", ""), {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs and name in fields:
                return
            fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields[name] = ""
        elif tag == "option" and self._select and attrs.get("value") and not fields[self._select]:
            fields[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def post_forms(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
