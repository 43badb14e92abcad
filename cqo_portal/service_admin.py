"""Django admin pages whose writes a service does, so its rules, recomputations and signals apply there too."""

from contextlib import contextmanager

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from registry.bounds import FORMSET_MAX_ROWS

# ---------------------------------------------------------------------------
# Admin pages whose writes a service does, so its rules, recomputations and signals apply here too
# ---------------------------------------------------------------------------


class _Refused(Exception):
    """A service refused an admin write; carries its ValidationError or PermissionDenied to the form."""

    def __init__(self, error: ValidationError | PermissionDenied):
        super().__init__(str(error))
        self.error = error


@contextmanager
def refusals_shown_on_form():
    """Turn a service's refusal into _Refused, which ServiceWriteAdmin shows on the form instead of a 500."""
    try:
        yield
    except (ValidationError, PermissionDenied) as error:
        raise _Refused(error) from error


class ServiceAdminForm(forms.ModelForm):
    """An admin form that also shows the refusal a service gave the same submission a moment ago."""

    service_refusal: ValidationError | PermissionDenied | None = None

    def _post_clean(self):
        super()._post_clean()
        refusal = self.service_refusal
        if refusal is None:
            return
        if isinstance(refusal, PermissionDenied):
            self.add_error(None, str(refusal) or "您无权进行该操作。")
        elif hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, refusal.messages)


class ServiceWriteAdmin:
    """Mixin for a ModelAdmin whose save_model (and save_formset) call services instead of saving.

    Subclasses implement service_save(request, obj, form, change) returning the saved instance, with
    `obj` holding the validated form values. A ValidationError or PermissionDenied from the service
    rolls the request's transaction back and the form is shown again carrying the service's message.
    Nothing here deletes: no service does, so subclasses refuse deletion.
    """

    form = ServiceAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"service_refusal": refusal})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._showing_refusals(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history's "revert" saves through save_model as well, outside any transaction of its own.
        return self._showing_refusals(super().history_form_view, request, object_id, version_id, extra_context)

    @staticmethod
    def _showing_refusals(view, request, *args):
        try:
            return view(request, *args)
        except _Refused as refused:
            # The service wrote nothing; render the same submission again, now invalid with its message.
            request._service_refusal = refused.error
            return view(request, *args)

    def save_model(self, request, obj, form, change):
        with refusals_shown_on_form():
            saved = self.service_save(request, obj, form, change)
        # The admin goes on with `obj` (messages, log entry, redirect): make it the saved row.
        obj.__dict__.update(saved.__dict__)

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        return False


def values_of(obj, fields) -> dict:
    """The validated form values a service takes, read from the instance the form filled in."""
    return {name: getattr(obj, name) for name in fields}


class BoundedInline:
    """An admin inline that builds at most FORMSET_MAX_ROWS forms, whatever TOTAL_FORMS a POST claims
    (Django's own bound is max_num + 1000)."""

    max_num = FORMSET_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", FORMSET_MAX_ROWS)
        return super().get_formset(request, obj, **kwargs)
