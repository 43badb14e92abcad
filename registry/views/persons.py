"""A person's full resident ID, revealed to provincial staff with a reason; a person's own data corrected."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cqo_portal.generic import PermissionRequiredMixin, show_refusal
from registry.permissions import POLICY, can

from .. import services
from ..forms.persons import PersonCorrectionForm, QualityWorkCorrectionFormSet, RevealForm
from ..models import Person, QualityWorkPeriod
from ..selectors import person_activities
from ..services.appointment_edits import PERSON_CORRECTION_FIELDS, person_correct


@method_decorator(never_cache, name="dispatch")
class PersonRevealView(PermissionRequiredMixin, FormView):
    """Provincial staff see a person's full resident ID once, on the response to a POST giving the reason.

    The number is rendered into this one response only: never into a URL, a message (messages live
    in the session) or a log line; the response is marked no-store so the browser keeps no copy.
    """

    permission = "person.reveal_id"
    form_class = RevealForm
    template_name = "registry/persons/reveal.html"

    def get_person(self) -> Person:
        if not hasattr(self, "_person"):
            self._person = get_object_or_404(
                Person.objects.visible_to(self.request.user).select_related("enterprise"), pk=self.kwargs["person_id"]
            )
        return self._person

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_person(), **kwargs)

    def form_valid(self, form):
        try:
            number = services.person_reveal_id(
                person=self.get_person(), actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=None, revealed=number))


class PersonCorrectView(PermissionRequiredMixin, TemplateView):
    """Correct a person's own data and quality work: a bureau for persons of its scope, an enterprise for its staff
    and its current CQO. Every change goes to the person's history; their appointments are judged again."""

    permission = "person.edit"
    template_name = "registry/persons/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.permission):
            self.person = get_object_or_404(
                Person.objects.visible_to(request.user).select_related("enterprise"), pk=kwargs["person_id"]
            )
            if not can(request.user, self.permission, self.person):
                raise PermissionDenied(POLICY[self.permission].refusal)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        periods = [
            {"id": p.pk, "start": p.start, "end": p.end, "employer": p.employer, "position": p.position}
            for p in self.person.quality_work.order_by("start", "pk")
        ]
        return {
            "form": PersonCorrectionForm(data, initial=model_to_dict(self.person, fields=PERSON_CORRECTION_FIELDS)),
            "periods": QualityWorkCorrectionFormSet(data, initial=periods, prefix="periods"),
        }

    def get_context_data(self, **kwargs):
        history = self.person.history.select_related("history_user").order_by("-history_date")[:20]
        period_history = (
            QualityWorkPeriod.history.filter(person_id=self.person.pk)
            .select_related("history_user")
            .order_by("-history_date")[:20]
        )
        return super().get_context_data(
            person=self.person,
            history=history,
            period_history=period_history,
            activities=person_activities(self.request.user, self.person),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        form, periods = forms["form"], forms["periods"]
        if form.is_valid() and periods.is_valid():
            try:
                person_correct(person=self.person, actor=request.user, periods=periods.rows(), **form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"已更正{self.person.name}的信息；变更已记入该人员的变更记录。")
                return redirect("registry:person-edit", person_id=self.person.pk)
        return self.render_to_response(self.get_context_data(**forms))
