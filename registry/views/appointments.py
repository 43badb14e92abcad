"""Appointment pages: the enterprise files, the city bureau acknowledges or returns, the enterprise dismisses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView
from cqo_portal.history import history_changes_from
from cqo_portal.sorting import Pinyin
from registry.permissions import POLICY, can

from .. import services
from ..filters.appointments import AppointmentFilterSet
from ..forms.appointments import AppointmentForm, DismissForm, ReturnForm
from ..forms.persons import PersonChoiceForm, QualityWorkFormSet
from ..models import Appointment, AppointmentStatus, Person
from ..services.appointment_edits import appointment_corrections
from .access_log import MaskedIdExportMixin


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


class AppointmentListView(MaskedIdExportMixin, ScopedListView):
    """Appointments in the user's scope; a city bureau works through its submitted ones here."""

    permission = "appointment.list"
    # visible_to gives an enterprise its own drafts too (to finish and submit them); nobody else sees one.
    queryset = Appointment.objects.select_related("enterprise__city", "person")
    filterset_class = AppointmentFilterSet
    template_name = "registry/appointments/list.html"
    export_filename = "首席质量官聘任备案.csv"
    # Indexes: registry migration 0016; names through the enterprise's and person's pinyin indexes.
    sort_columns = {
        "enterprise": (Pinyin("enterprise__name"), "id"),
        "city": ("enterprise__city_id", "id"),
        "person": (Pinyin("person__name"), "id"),
        "appointed_on": ("appointed_on", "id"),
        "verdict_status": ("verdict_status", "id"),
        "status": ("status", "id"),
        "submitted_at": ("submitted_at", "id"),
    }
    default_sort = "-appointed_on"
    export_columns = [
        ("企业名称", "enterprise__name"),
        ("统一社会信用代码", "enterprise__credit_code"),
        ("报备单位", "enterprise__city__name"),
        ("首席质量官", "person__name"),
        ("身份证号码", "person__resident_id_masked"),
        ("聘任日期", "appointed_on"),
        ("聘任人", "appointed_by"),
        ("状态", lambda a: a.status_label),
        ("核验结论", lambda a: a.get_verdict_status_display()),
        ("提交时间", lambda a: a.submitted_at and timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M")),
        ("终止日期", "ended_on"),
    ]

    def get_queryset(self):
        # The status as of today, a scheduled switch whose date has come counted as made (the daily task may lag).
        return super().get_queryset().with_effective_status()


class AppointmentDetailView(ScopedDetailView):
    queryset = Appointment.objects.select_related("enterprise__city", "person", "reviewed_by")
    template_name = "registry/appointments/detail.html"

    def get_queryset(self):
        return super().get_queryset().with_effective_status()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        appointment, user = self.object, self.request.user
        # Its saves, oldest first, read once for the change history, the verdict's date and the corrections since a
        # return (three queries before).
        saves = list(appointment.history.select_related("history_user").order_by("history_date", "history_id"))
        context.update(
            history=history_changes_from(saves, model=Appointment),
            **self.verdict_shown(appointment, saves),
            can_submit=appointment.status in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED)
            and can(user, "appointment.file", appointment),
            can_review=appointment.status == AppointmentStatus.SUBMITTED
            and can(user, "appointment.review", appointment),
            can_dismiss=appointment.status_today == AppointmentStatus.ACKNOWLEDGED
            and can(user, "appointment.dismiss", appointment),
            return_form=ReturnForm(),
            can_edit=appointment.status in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED)
            and can(user, "appointment.edit", appointment),
            can_delete=appointment.status == AppointmentStatus.DRAFT and can(user, "appointment.delete", appointment),
            can_edit_person=can(user, "person.edit", appointment.person),
        )
        context["returned_as"], context["corrections"] = appointment_corrections(appointment, saves)
        return context

    @staticmethod
    def verdict_shown(appointment: Appointment, saves: list | None = None) -> dict:
        """The verdict card's verdict and title: today's verdict while the enterprise may still submit (the
        submit judges on today's facts, so a stored verdict would contradict its refusal); otherwise the
        stored verdict, dated by the last save that stored it (on submit, acknowledgement or re-evaluation).
        `saves`: the appointment's history rows oldest first, when the caller has read them already."""
        if appointment.status in (AppointmentStatus.DRAFT, AppointmentStatus.RETURNED):
            today = timezone.localdate()
            verdict = services.appointment_preview(
                enterprise=appointment.enterprise, person=appointment.person, as_of=today
            )
            return {"verdict": verdict, "verdict_title": f"任职资格核验结论（按今日{today:%Y-%m-%d}情况）"}
        stored = (AppointmentStatus.SUBMITTED, AppointmentStatus.SCHEDULED, AppointmentStatus.ACKNOWLEDGED)
        if saves is None:
            saves = list(appointment.history.filter(status__in=stored).order_by("history_date", "history_id"))
        stored_at = next((save.history_date for save in reversed(saves) if save.status in stored), None)
        title = "任职资格核验结论"
        if stored_at is not None:
            day = timezone.localdate(stored_at)
            title += f"（{day.year}年{day.month}月{day.day}日核验）"
        return {"verdict": appointment.verdict, "verdict_title": title}


class AppointmentCreateView(PermissionRequiredMixin, TemplateView):
    """The enterprise registers its CQO: the person (chosen or new) and the appointment, saved as a draft
    whose verdict it then sees clause by clause before it submits."""

    permission = "appointment.file"
    template_name = "registry/appointments/form.html"

    def forms(self, data=None, files=None):
        enterprise = self.request.user.enterprise
        persons = Person.objects.visible_to(self.request.user).order_by("name")
        return {
            "person_form": PersonChoiceForm(data, persons=persons, actor=self.request.user, prefix="person"),
            "periods": QualityWorkFormSet(data, prefix="periods"),
            "form": AppointmentForm(data, files, enterprise=enterprise, prefix="appointment"),
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST, request.FILES)
        person_form, periods, form = forms["person_form"], forms["periods"], forms["form"]
        if person_form.is_valid() and periods.is_valid() and form.is_valid():
            try:
                appointment = services.appointment_register(
                    enterprise=request.user.enterprise,
                    person=person_form.cleaned_data.get("existing"),
                    new_person=person_form.cleaned_data,
                    quality_work=[row for row in periods.cleaned_data if row],
                    actor=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                self._attach(error, person_form, form)
            else:
                messages.info(request, "已保存为草稿。请核对下方任职资格核验结论，确认无误后提交设区市局备案。")
                return redirect("registry:appointment-detail", pk=appointment.pk)
        return self.render_to_response(self.get_context_data(**forms), status=200)

    @staticmethod
    def _attach(error: ValidationError, person_form, form) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = person_form if field in person_form.fields else form
                target.add_error(field if field in target.fields else None, errors)
        else:
            form.add_error(None, error)


class _AppointmentAction(PermissionRequiredMixin, SingleObjectMixin, View):
    """A POST that calls one service on an appointment in the user's scope; errors come back as messages."""

    model = Appointment

    def get_queryset(self):
        return Appointment.objects.visible_to(self.request.user).select_related("enterprise", "person")

    def act(self, appointment, form=None):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        appointment = self.get_object()
        try:
            self.act(appointment)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("registry:appointment-detail", pk=appointment.pk)


class AppointmentSubmitView(_AppointmentAction):
    permission = "appointment.file"

    def act(self, appointment, form=None):
        services.appointment_draft_submit(appointment=appointment, actor=self.request.user)
        messages.success(self.request, "已提交设区市局备案。")


class AppointmentAcknowledgeView(PermissionRequiredMixin, SingleObjectMixin, TemplateView):
    """GET: a confirmation page naming what will change; POST: acknowledge (备案)."""

    permission = "appointment.review"
    template_name = "registry/appointments/confirm_acknowledge.html"

    def get_queryset(self):
        return Appointment.objects.visible_to(self.request.user).select_related("enterprise__city", "person")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not can(request.user, self.permission, self.object):
            raise PermissionDenied(POLICY[self.permission].refusal)
        appointment = self.object
        today = timezone.localdate()
        # Who is current on the new start date (a switch already scheduled counted), at this enterprise and,
        # for a person who moves, elsewhere: the page says truthfully what ends, and when.
        on_start = Appointment.objects.current(max(today, appointment.appointed_on)).exclude(pk=appointment.pk)
        current = on_start.filter(enterprise=appointment.enterprise).select_related("person").first()
        leaving = (
            on_start.filter(person=appointment.person)
            .exclude(enterprise=appointment.enterprise)
            .select_related("enterprise__city")
            .first()
        )
        return self.render_to_response(
            self.get_context_data(
                object=appointment,
                current=current,
                leaving=leaving,
                takes_effect_later=appointment.appointed_on > today,
            )
        )

    def post(self, request, *args, **kwargs):
        appointment = self.get_object()
        try:
            services.appointment_acknowledge(appointment=appointment, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            appointment.refresh_from_db(fields=["status"])
            if appointment.status == AppointmentStatus.SCHEDULED:
                messages.success(
                    request,
                    f"已备案：{appointment.person.name}将于{appointment.appointed_on:%Y-%m-%d}起任"
                    f"{appointment.enterprise.name}首席质量官。",
                )
            else:
                messages.success(
                    request, f"已备案：{appointment.person.name}为{appointment.enterprise.name}首席质量官。"
                )
        return redirect("registry:appointment-detail", pk=appointment.pk)


class _AppointmentFormAction(PermissionRequiredMixin, SingleObjectMixin, FormView):
    """A form about one appointment in the user's scope (return, dismiss): the service decides, errors re-show."""

    def get_queryset(self):
        return Appointment.objects.visible_to(self.request.user).select_related("enterprise__city", "person")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        self.object = self.object or self.get_object()
        return super().get_context_data(object=self.object, **kwargs)

    def perform(self, appointment, data) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def form_valid(self, form):
        appointment = self.get_object()
        try:
            message = self.perform(appointment, form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("registry:appointment-detail", pk=appointment.pk)


class AppointmentReturnView(_AppointmentFormAction):
    permission = "appointment.review"
    form_class = ReturnForm
    template_name = "registry/appointments/return.html"

    def perform(self, appointment, data) -> str:
        services.appointment_return(appointment=appointment, actor=self.request.user, reason=data["reason"])
        return "已退回企业。"


class AppointmentDismissView(_AppointmentFormAction):
    permission = "appointment.dismiss"
    form_class = DismissForm
    template_name = "registry/appointments/dismiss.html"

    def perform(self, appointment, data) -> str:
        services.appointment_dismiss(
            appointment=appointment, actor=self.request.user, ended_on=data["ended_on"], reason=data["reason"]
        )
        return f"已解聘{appointment.person.name}。"


class AppointmentLetterView(PermissionRequiredMixin, View):
    """The appointment letter, for those who may see the appointment: anyone else gets a 404."""

    permission = "appointment.view"

    def get(self, request, pk):
        appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
        if not appointment.letter:
            raise Http404("该聘任没有上传聘任文件。")
        return FileResponse(
            appointment.letter.open("rb"),
            as_attachment=True,
            filename=f"聘任文件-{appointment.enterprise.credit_code}-{appointment.appointed_on:%Y%m%d}.pdf",
            content_type="application/pdf",
        )
