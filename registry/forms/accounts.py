"""Account forms: sign-in (repeated failures are locked out by django-axes, settings AXES_*), forgotten password,
opening and editing accounts, and the public enterprise application; no business rules."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from ..models import AccountApplication, City, Enterprise, IndustrySection, Role, User
from ..permissions import role_of
from ..validators import normalize_mobile
from .enterprises import CreditCodeField


class LoginForm(AuthenticationForm):
    """The sign-in form. It authenticates with the request, which django-axes needs to count failures
    per username and client address; a locked pair is answered by registry.views.accounts.locked_out."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
    }


class PortalPasswordResetForm(PasswordResetForm):
    """ "Forgot password": also reaches an account whose holder never set a password (the first email was lost).
    Django's own form skips those; the page answers the same whether or not the address has an account."""

    email = forms.EmailField(label="电子邮箱", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True).exclude(email="")


ROLE_BINDINGS = {Role.CITY: "city", Role.INSTITUTION: "institution", Role.ENTERPRISE: "enterprise"}


class AccountCreateForm(forms.Form):
    """A new account: who holds it and the organisation its role acts for. No password: the holder sets it
    through the emailed link. A city bureau opens only enterprise accounts, for its own enterprises."""

    username = forms.CharField(label="用户名", max_length=150, help_text="登录时使用，可用字母、数字和 @ . + - _。")
    last_name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", help_text="设置密码的链接将发送到该邮箱。")
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    city = forms.ModelChoiceField(label="所属报备单位", queryset=City.objects.all(), required=False)
    institution = forms.ModelChoiceField(
        label="所属培训机构",
        # Institutions through the account relation: registry imports no app above it.
        queryset=User._meta.get_field("institution").related_model.objects.all(),
        required=False,
    )
    enterprise = forms.ModelChoiceField(label="所属企业", queryset=Enterprise.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).select_related("city")
        if role_of(user) != Role.PROVINCE:
            self.fields["role"].choices = [(Role.ENTERPRISE, Role.ENTERPRISE.label)]
            self.fields["role"].initial = Role.ENTERPRISE
            del self.fields["city"], self.fields["institution"]
            self.fields["enterprise"].required = True
        else:
            self.fields["role"].help_text = "设区市局账号选择报备单位，培训机构账号选择培训机构，企业账号选择企业。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "开通账号并发送设置密码邮件"))

    def clean_phone(self):
        return normalize_mobile(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        binding = ROLE_BINDINGS.get(cleaned.get("role"))
        if binding and binding in self.fields and not cleaned.get(binding):
            self.add_error(binding, f"{Role(cleaned['role']).label}账号须选择{self.fields[binding].label}。")
        return cleaned


class AccountEditForm(forms.ModelForm):
    """An account's name, email and mobile; the role and organisation stay as the account was opened."""

    # Room for a number typed with spaces or +86: the stored form is checked after normalising.
    phone = forms.CharField(label="手机号码", max_length=20, required=False)

    class Meta:
        model = User
        fields = ["last_name", "email", "phone"]
        labels = {"last_name": "姓名", "email": "电子邮箱"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))

    def clean_phone(self):
        return normalize_mobile(self.cleaned_data["phone"])


class AccountApplicationForm(forms.ModelForm):
    """The public application of an enterprise for its account. `website` is a field people never see: a form
    that fills it in is a robot, answered as if received and stored nowhere."""

    website = forms.CharField(label="网址（请勿填写）", required=False)

    class Meta:
        model = AccountApplication
        fields = [
            "credit_code",
            "enterprise_name",
            "legal_representative",
            "industry_section",
            "city",
            "contact_name",
            "mobile",
            "email",
        ]
        field_classes = {"credit_code": CreditCodeField}
        help_texts = {
            "city": "企业所在设区市（或平潭综合实验区）的市场监管局，由其审核本申请。",
            "email": "审核通过后，设置密码的链接将发送到该邮箱。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].empty_label = "请选择"
        self.fields["industry_section"].choices = [("", "请选择"), *IndustrySection.choices]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("企业信息", "credit_code", "enterprise_name", "legal_representative", "industry_section", "city"),
            Fieldset("联系人", "contact_name", "mobile", "email"),
            # Off-screen rather than display:none, which some robots skip.
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            Submit("submit", "提交申请"),
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ApplicationRejectForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将通过邮件告知申请企业的联系人。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "退回理由：请填写退回该申请的理由。"
        self.helper = FormHelper()
        self.helper.add_input(Submit("reject", "退回申请", css_class="btn-danger"))
