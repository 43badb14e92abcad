"""The enterprise corrects a draft or a returned appointment (its facts, its letter) or deletes a draft; anyone who
sees the appointment may open a letter it replaced."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from cqo_portal.generic import PermissionRequiredMixin, show_refusal
from registry.permissions import POLICY, can

from ..forms.appointment_edits import AppointmentEditForm
from ..models import Appointment
from ..services.appointment_edits import (
    APPOINTMENT_EDIT_FIELDS,
    EDITABLE,
    appointment_delete,
    appointment_delete_preview,
    appointment_edit,
)
from .appointments import AppointmentDetailView


class _OwnAppointment(PermissionRequiredMixin, TemplateView):
    """One appointment of the user's scope that the policy lets them `permission`; in another state than `states`
    the page sends them back to the appointment with the reason."""

    states: tuple = EDITABLE
    refused_state = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not can(request.user, self.permission):
            return super().dispatch(request, *args, **kwargs)
        self.object = get_object_or_404(
            Appointment.objects.visible_to(request.user).select_related("enterprise__city", "person"), pk=kwargs["pk"]
        )
        if not can(request.user, self.permission, self.object):
            raise PermissionDenied(POLICY[self.permission].refusal)
        if self.object.status not in self.states:
            messages.error(request, f"该聘任当前状态为“{self.object.get_status_display()}”，{self.refused_state}")
            return redirect("registry:appointment-detail", pk=self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class AppointmentEditView(_OwnAppointment):
    """Correct a draft or a returned appointment, seeing today's verdict and, when returned, the bureau's reason."""

    permission = "appointment.edit"
    template_name = "registry/appointments/edit.html"
    refused_state = "只有草稿或被退回的聘任可以修改。"

    def form(self, data=None, files=None) -> AppointmentEditForm:
        initial = model_to_dict(self.object, fields=[f for f in APPOINTMENT_EDIT_FIELDS if f != "letter"])
        return AppointmentEditForm(
            data, files, initial=initial, enterprise=self.object.enterprise, prefix="appointment"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(object=self.object, **kwargs)
        context.update(AppointmentDetailView.verdict_shown(self.object))
        context["can_edit_person"] = can(self.request.user, "person.edit", self.object.person)
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                appointment_edit(appointment=self.object, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "已保存修改。请核对任职资格核验结论，确认无误后提交设区市局备案。")
                return redirect("registry:appointment-detail", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


class AppointmentDeleteView(_OwnAppointment):
    """GET: what deleting the draft removes (the person too, when the draft alone registered them); POST: delete."""

    permission = "appointment.delete"
    template_name = "registry/appointments/delete.html"
    states = (EDITABLE[0],)
    refused_state = "只有草稿可以删除；已提交过设区市局的聘任须保留，被退回的请修改后重新提交。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, person_goes=appointment_delete_preview(self.object), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            deleted = appointment_delete(appointment=self.object, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("registry:appointment-detail", pk=self.object.pk)
        text = f"已删除聘任草稿：{deleted.appointment}。"
        if deleted.person:
            text += f"随该草稿登记的人员{deleted.person}已一并删除。"
        messages.success(request, text)
        return redirect("registry:appointment-list")


class AppointmentLetterVersionView(PermissionRequiredMixin, View):
    """A letter the appointment had before it was replaced (the one the bureau returned), from its change history."""

    permission = "appointment.view"

    def get(self, request, pk, history_id):
        appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
        row = appointment.history.filter(history_id=history_id).exclude(letter="").first()
        if row is None or not default_storage.exists(row.letter):
            raise Http404("没有该版本的聘任文件。")
        return FileResponse(
            default_storage.open(row.letter, "rb"),
            as_attachment=True,
            filename=f"聘任文件-{appointment.enterprise.credit_code}-{row.history_date:%Y%m%d%H%M}-原件.pdf",
            content_type="application/pdf",
        )
