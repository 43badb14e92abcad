"""A person's full resident ID, revealed to provincial staff with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from cqo_portal.generic import PermissionRequiredMixin, show_refusal

from .. import services
from ..forms.persons import RevealForm
from ..models import Person


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
