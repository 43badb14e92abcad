"""Article 15 pages: experience exchanges (list, record, page, edit, delete; add and remove participants) and
commendations (list, record, page, edit, delete). The province records; a city bureau reads its persons' part."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView

from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView
from cqo_portal.history import history_changes, history_changes_of
from cqo_portal.sorting import Pinyin
from registry.permissions import can

from .. import services
from ..filters.activities import CommendationFilterSet, ExchangeFilterSet
from ..forms.activities import CommendationCreateForm, CommendationForm, ExchangeForm, ParticipantForm
from ..models import Commendation, ExchangeParticipant, ExperienceExchange, Person
from ..selectors import PERSON_PICKER_SIZE, person_search
from .access_log import MaskedIdExportMixin


def exchange_url(exchange: ExperienceExchange) -> str:
    return reverse("registry:exchange-detail", kwargs={"pk": exchange.pk})


def commendation_url(commendation: Commendation) -> str:
    return reverse("registry:commendation-detail", kwargs={"pk": commendation.pk})


def _participant_names(exchange: ExperienceExchange) -> str:
    return "、".join(p.person.name for p in exchange.participants.all())


class ExchangeListView(ScopedListView):
    permission = "activity.view"
    queryset = ExperienceExchange.objects.annotate(participant_count=Count("participants"))
    filterset_class = ExchangeFilterSet
    template_name = "registry/activities/exchange_list.html"
    export_filename = "经验交流活动.csv"
    # Exchanges number in the hundreds: the date has its index, the names need none of their own.
    sort_columns = {
        "held_on": ("held_on", "id"),
        "title": (Pinyin("title"), "id"),
        "organiser": (Pinyin("organiser"), "id"),
        "participants": ("participant_count", "id"),
    }
    default_sort = "-held_on"
    export_columns = [
        ("活动名称", "title"),
        ("举办日期", "held_on"),
        ("举办地点", "place"),
        ("主办单位", "organiser"),
        ("参加人数", "participant_count"),
        ("参加人员", _participant_names),
        ("说明", "note"),
    ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export"):  # the names of who took part, a chunk at a time
            self.queryset = self.queryset.prefetch_related("participants__person")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can(self.request.user, "activity.manage"), **kwargs)


class ExchangeCreateView(ServiceFormView):
    permission = "activity.manage"
    form_class = ExchangeForm
    template_name = "registry/activities/form.html"
    service = services.exchange_create
    success_message = "经验交流活动已登记。下一步：添加参加人员。"
    extra_context = {"title": "登记经验交流活动", "back_url": reverse_lazy("registry:exchange-list")}

    def get_success_url(self):
        return exchange_url(self.result)


class ExchangeDetailView(ScopedDetailView):
    permission = "activity.view"
    queryset = ExperienceExchange.objects.select_related("recorded_by")
    template_name = "registry/activities/exchange_detail.html"

    def get_context_data(self, **kwargs):
        exchange, user = self.object, self.request.user
        participants = exchange.participants.select_related("person__enterprise__city").order_by("pk")
        if not can(user, "activity.manage"):  # a city bureau sees its own persons' part, not the other units'
            participants = participants.filter(person__in=Person.objects.visible_to(user))
        return super().get_context_data(
            participants=list(participants),
            can_manage=can(user, "activity.manage"),
            history=history_changes(exchange),
            participant_history=history_changes_of(
                ExchangeParticipant.history.filter(exchange_id=exchange.pk).select_related("person"),
                model=ExchangeParticipant,
                subject=lambda row: f"参加人员 {row.person.name if row.person else ''}",
            )
            if can(user, "activity.manage")
            else None,
            **kwargs,
        )


class ScopedObjectMixin:
    """A form page about one object of the user's scope (`model`, `pk` in the URL): 404 outside it."""

    model = None

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._object

    def get_context_data(self, **kwargs):
        target = self.get_object()
        back = exchange_url(target) if isinstance(target, ExperienceExchange) else commendation_url(target)
        return super().get_context_data(object=target, back_url=back, **kwargs)


class ExchangeUpdateView(ScopedObjectMixin, ServiceFormView):
    permission = "activity.manage"
    model = ExperienceExchange
    form_class = ExchangeForm
    template_name = "registry/activities/form.html"
    service = services.exchange_update
    success_message = "经验交流活动已修改。"
    extra_context = {"title": "修改经验交流活动"}

    def get_form_kwargs(self):
        # A copy: validating a ModelForm writes onto its instance, and the service compares with what is stored.
        return {**super().get_form_kwargs(), "instance": ExperienceExchange.objects.get(pk=self.get_object().pk)}

    def service_kwargs(self, form):
        return {"exchange": self.get_object(), **form.cleaned_data}

    def get_success_url(self):
        return exchange_url(self.get_object())


class ConfirmDeleteView(PermissionRequiredMixin, TemplateView):
    """A confirmation page (GET), then the delete (POST with `confirm`); the service refuses what the user may not.
    The hook is perform_delete: a method named delete would answer HTTP DELETE (and fail with a 500)."""

    http_method_names = ["get", "post", "head", "options"]

    permission = "activity.manage"
    template_name = "registry/activities/confirm_delete.html"
    model = None
    heading = ""
    warning = ""

    def get_object(self):
        if not hasattr(self, "_object"):
            pk = self.kwargs["pk"]
            self._object = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=pk)
        return self._object

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.get_object(),
            heading=self.heading,
            warning=self.warning,
            back_url=self.back_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        target = self.get_object()
        if "confirm" not in request.POST:
            return redirect(self.back_url())
        label = self.perform_delete(target)
        messages.success(request, f"已删除：{label}")
        return redirect(self.done_url())


class ExchangeDeleteView(ConfirmDeleteView):
    model = ExperienceExchange
    heading = "删除经验交流活动"
    warning = "删除后，该活动及其参加人员名单不再显示（变更记录保留）。此操作不能撤销。"

    def back_url(self):
        return exchange_url(self.get_object())

    def done_url(self):
        return reverse("registry:exchange-list")

    def perform_delete(self, target):
        return services.exchange_delete(exchange=target, actor=self.request.user)


class PersonSearchMixin:
    """A page choosing a person: `?q=` narrows the picker to at most PERSON_PICKER_SIZE of the user's persons."""

    def persons(self):
        return Person.objects.visible_to(self.request.user)

    def search_text(self) -> str:
        return self.request.GET.get("q", "").strip()[:50]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "persons": self.persons(),
            "actor": self.request.user,
            "offered": person_search(self.persons(), self.search_text()),
            "typed_id": can(self.request.user, "person.reveal_id"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_text=self.search_text(), picker_size=PERSON_PICKER_SIZE, **kwargs)


class ParticipantAddView(PersonSearchMixin, ScopedObjectMixin, ServiceFormView):
    permission = "activity.manage"
    model = ExperienceExchange
    form_class = ParticipantForm
    template_name = "registry/activities/participant_form.html"
    service = services.exchange_participant_add
    success_message = "参加人员已添加。"

    def service_kwargs(self, form):
        return {"exchange": self.get_object(), "person": form.person, "part": form.cleaned_data["part"]}

    def get_success_url(self):
        return exchange_url(self.get_object())


class ParticipantRemoveView(ConfirmDeleteView):
    heading = "移出参加人员"
    warning = "该人员将从本活动的参加人员名单中移出（变更记录保留）。"

    def get_object(self):
        if not hasattr(self, "_object"):
            exchange = get_object_or_404(ExperienceExchange.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
            participants = exchange.participants.select_related("person", "exchange")
            self._object = get_object_or_404(participants, pk=self.kwargs["participant_id"])
        return self._object

    def back_url(self):
        return exchange_url(self.get_object().exchange)

    def done_url(self):
        return self.back_url()

    def perform_delete(self, target):
        return services.exchange_participant_remove(participant=target, actor=self.request.user)


class CommendationListView(MaskedIdExportMixin, ScopedListView):
    permission = "activity.view"
    queryset = Commendation.objects.select_related("person__enterprise__city")
    filterset_class = CommendationFilterSet
    template_name = "registry/activities/commendation_list.html"
    export_filename = "表彰.csv"
    sort_columns = {
        "year": ("year", "id"),
        "level": ("level", "id"),
        "person": (Pinyin("person__name"), "id"),
        "title": (Pinyin("title"), "id"),
    }
    default_sort = "-year"
    export_columns = [
        ("姓名", "person__name"),
        ("身份证号码（脱敏）", "person__resident_id_masked"),
        ("现工作单位", "person__enterprise__name"),
        ("报备单位", "person__enterprise__city__name"),
        ("表彰年度", "year"),
        ("表彰级别", lambda c: c.get_level_display()),
        ("荣誉名称", "title"),
        ("授予单位", "awarded_by"),
        ("表彰事由", "citation"),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can(self.request.user, "activity.manage"), **kwargs)


class CommendationCreateView(PersonSearchMixin, ServiceFormView):
    permission = "activity.manage"
    form_class = CommendationCreateForm
    template_name = "registry/activities/commendation_form.html"
    service = services.commendation_record
    success_message = "表彰已登记。"
    extra_context = {"back_url": reverse_lazy("registry:commendation-list")}

    def service_kwargs(self, form):
        data = form.cleaned_data
        fields = ("level", "year", "title", "awarded_by", "citation")
        return {"person": form.person, **{name: data[name] for name in fields}}

    def get_success_url(self):
        return commendation_url(self.result)


class CommendationDetailView(ScopedDetailView):
    permission = "activity.view"
    queryset = Commendation.objects.select_related("person__enterprise__city", "recorded_by")
    template_name = "registry/activities/commendation_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=can(self.request.user, "activity.manage"), history=history_changes(self.object), **kwargs
        )


class CommendationUpdateView(ScopedObjectMixin, ServiceFormView):
    permission = "activity.manage"
    model = Commendation
    form_class = CommendationForm
    template_name = "registry/activities/form.html"
    service = services.commendation_update
    success_message = "表彰已修改。"
    extra_context = {"title": "修改表彰"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Commendation.objects.get(pk=self.get_object().pk)}

    def service_kwargs(self, form):
        return {"commendation": self.get_object(), **form.cleaned_data}

    def get_success_url(self):
        return commendation_url(self.get_object())


class CommendationDeleteView(ConfirmDeleteView):
    model = Commendation
    heading = "删除表彰"
    warning = "删除后，该表彰不再显示在人员页面和统计中（变更记录保留）。此操作不能撤销。"

    def back_url(self):
        return commendation_url(self.get_object())

    def done_url(self):
        return reverse("registry:commendation-list")

    def perform_delete(self, target):
        return services.commendation_delete(commendation=target, actor=self.request.user)
