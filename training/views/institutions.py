"""Training pages: institutions (cohorts, graduates and certificates come with the training issue)."""

from cqo_portal.generic import ScopedDetailView, ScopedListView
from cqo_portal.sorting import Pinyin

from ..filters import InstitutionFilterSet
from ..models import Institution


class InstitutionListView(ScopedListView):
    permission = "institution.list"
    queryset = Institution.objects.all()
    filterset_class = InstitutionFilterSet
    template_name = "training/institution_list.html"
    export_filename = "培训机构名单.csv"
    sort_columns = {
        "name": (Pinyin("name"), "id"),
        "credit_code": ("credit_code", "id"),
        "contact": (Pinyin("contact_name"), "id"),
    }
    default_sort = "name"
    export_columns = [("机构名称", "name"), ("统一社会信用代码", "credit_code"), ("联系人", "contact_name")]


class InstitutionDetailView(ScopedDetailView):
    queryset = Institution.objects.all()
    template_name = "training/institution_detail.html"
