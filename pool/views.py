"""Talent pool (人才库) pages: the list with filters, keyset pages and exports, and a member's detail page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from cqo_portal.exports import csv_response, xlsx_response
from cqo_portal.generic import PermissionRequiredMixin
from cqo_portal.history import history_changes
from cqo_portal.keyset import paginate
from cqo_portal.labels import label
from cqo_portal.tables import table_body
from cqo_portal.timeouts import BoundedListMixin
from eligibility import facts, present
from registry import services
from registry.models import Appointment, Enterprise, Finding
from registry.permissions import can
from registry.selectors import person_activities
from training.models import Certificate

from .filters import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_SORT,
    SORT_ORDERS,
    PoolEntryFilterSet,
    search_alternatives,
    search_sorts_matches,
)
from .models import PoolEntry
from .selectors import pool_size_estimate

EXPORT_COLUMNS: list[tuple[str, object]] = [
    ("姓名", "name"),
    ("身份证号码（脱敏）", "resident_id_masked"),
    ("报备单位", "city_name"),
    ("企业名称", "enterprise_name"),
    ("统一社会信用代码", "credit_code"),
    ("行业门类", lambda e: label(e, "industry_section")),
    ("企业规模", lambda e: label(e, "enterprise_size")),
    ("学历", lambda e: label(e, "education")),
    ("职称等级", lambda e: label(e, "title_level")),
    ("任职资格", lambda e: label(e, "eligibility")),
    ("最近发证年份", lambda e: e.certificate_year or ""),
    ("持有效结业证书", lambda e: "是" if e.via_certificate else "否"),
    ("现任已备案首席质量官", lambda e: "是" if e.via_appointment else "否"),
]
EXPORT_FORMATS = {"csv", "xlsx"}
# Keyset navigation and output keys: not filters, so they do not go into page links.
PAGE_KEYS = {"after", "before", "export"}


# One row of the list's table: cqo_portal.tables.table_body escapes every value into it.
ROW_HTML = (
    '<tr><td class="text-nowrap"><a href="{}">{}</a></td><td class="font-monospace">{}</td>'
    '<td class="text-nowrap">{}</td><td>{}</td><td class="font-monospace">{}</td><td>{}</td><td>{}</td>'
    '<td>{}</td><td>{}</td><td><span class="badge {}">{}</span></td><td>{}</td><td>{}</td></tr>'
)


def _table_rows(entries: list[PoolEntry]):
    """Each row's cells in ROW_HTML's order, as plain values: the template engine resolving 600 lookups and a
    reverse() per row was most of the page's time, far more than its two queries."""
    detail = reverse("pool:detail", kwargs={"person_id": 0})[: -len("0/")]
    for entry in entries:
        yield (
            f"{detail}{entry.person_id}/",
            entry.name,
            entry.resident_id_masked,
            entry.city_name or "—",
            entry.enterprise_name or "—",
            entry.credit_code or "—",
            entry.industry_section or "—",
            label(entry, "enterprise_size") or "—",
            label(entry, "education"),
            label(entry, "title_level"),
            present.status_badge(entry.eligibility),
            label(entry, "eligibility"),
            entry.get_certificate_year_display(),
            "、".join(
                basis
                for flag, basis in ((entry.via_certificate, "结业证书"), (entry.via_appointment, "现任备案"))
                if flag
            ),
        )


def _export_row(entry: PoolEntry) -> list:
    return [getter(entry) if callable(getter) else getattr(entry, getter) for _, getter in EXPORT_COLUMNS]


class PoolListView(BoundedListMixin, PermissionRequiredMixin, TemplateView):
    """Every role sees the members in its scope. The list costs at most two queries at any size and
    on any page: the page itself (LIMIT n + 1 after a cursor) and, unfiltered, the size estimate.
    Nothing counts the filtered set, so navigation is 上一页 / 下一页."""

    permission = "pool.view"
    template_name = "pool/list.html"

    def get(self, request, *args, **kwargs):
        self.filterset = PoolEntryFilterSet(
            request.GET or None, queryset=PoolEntry.objects.visible_to(request.user), request=request
        )
        valid = self.filterset.is_valid() if self.filterset.is_bound else True
        data = self.filterset.form.cleaned_data if self.filterset.is_bound and valid else {}
        self.order = SORT_ORDERS[data.get("sort") or DEFAULT_SORT]
        self.page_size = int(data.get("per_page") or DEFAULT_PAGE_SIZE)
        self.search_term = (data.get("q") or "").strip() if valid and not self.timed_out else ""
        self.rows = self.filterset.qs if self.filterset.is_bound else self.filterset.queryset
        if not valid or self.timed_out:
            self.rows = self.rows.none()
        export = request.GET.get("export")
        if export in EXPORT_FORMATS:
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def export(self, file_format: str):
        rows = self.rows.order_by(*self.order.order_by())
        services.export_log_masked_ids(
            actor=self.request.user, what="人才库", count=rows.count(), file_format=file_format
        )
        header = [label for label, _ in EXPORT_COLUMNS]
        stamp = timezone.localdate().strftime("%Y%m%d")
        body = (_export_row(entry) for entry in rows.iterator(chunk_size=2000))
        if file_format == "xlsx":
            return xlsx_response(f"人才库_{stamp}.xlsx", header, body, sheet_title="人才库")
        return csv_response(f"人才库_{stamp}.csv", header, body)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alternatives = search_alternatives(self.search_term)
        page = paginate(
            self.rows,
            self.order,
            size=self.page_size,
            after=self.request.GET.get("after", ""),
            before=self.request.GET.get("before", ""),
            alternatives=alternatives,
            sort_matches=search_sorts_matches(self.search_term),
        )
        query = self.request.GET.copy()
        for key in PAGE_KEYS:
            query.pop(key, None)
        filtered = self.filterset.is_bound and self.filterset.is_filtered
        context.update(
            filter=self.filterset,
            page=page,
            entries=page.rows,
            table_body=table_body(ROW_HTML, _table_rows(page.rows)),
            querystring=query.urlencode(),
            filter_key=query.urlencode(),
            order=self.order,
            sort=self.order.key,
            estimate=pool_size_estimate() if not filtered and can(self.request.user, "pool.size_estimate") else None,
        )
        return context


class PoolDetailView(PermissionRequiredMixin, TemplateView):
    """A member's appointments, certificates, today's verdict clause by clause, findings and change history."""

    permission = "pool.view"
    template_name = "pool/detail.html"
    history_limit = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if self.kwargs["person_id"] >= 2**63:  # SQLite would overflow on it; no such row anywhere
            raise Http404
        entry = get_object_or_404(
            PoolEntry.objects.visible_to(user).select_related("person", "enterprise__city"),
            person_id=self.kwargs["person_id"],
        )
        person = entry.person
        verdict = facts.verdict_for(person, enterprise=entry.enterprise, as_of=timezone.localdate())
        context.update(
            entry=entry,
            # The employer is named to everyone who sees the entry, linked only for those who may open it.
            enterprise_visible=entry.enterprise_id is not None
            and Enterprise.objects.visible_to(user).filter(pk=entry.enterprise_id).exists(),
            person=person,
            verdict=verdict,
            appointments=Appointment.objects.visible_to(user).filter(person=person).select_related("enterprise__city"),
            certificates=Certificate.objects.visible_to(user).filter(person=person).select_related("institution"),
            findings=Finding.objects.visible_to(user).filter(person=person).select_related("city"),
            history=history_changes(person, limit=self.history_limit),
            same_id_persons=self.same_id_persons(person) if can(user, "person.see_duplicates") else [],
            activities=person_activities(user, person),
        )
        return context

    @staticmethod
    def same_id_persons(person) -> list[int]:
        """Rows flagged as this person registered again under the same ID typed another way (registry 0012)."""
        others = [person.duplicate_of_id] if person.duplicate_of_id else []
        return others + list(person.duplicates.values_list("pk", flat=True))
