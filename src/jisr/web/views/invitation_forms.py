"""Forms of the invitation pages: invite one, import a file, register through a link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.missions.models import Invitation, Participation

# Services name the spreadsheet column that is wrong; forms show it next to the field.
COLUMN_FIELDS = {"organization": "organization_name"}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=200,
        help_text=_("Pick an organization of the mission or type the name of a new one."),
        widget=forms.TextInput(attrs={"list": "organization-names", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Participation.Role.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=Invitation.Language.choices, initial="en"
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code such as MA, US or CA; for a new organization."),
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    valid_days = forms.IntegerField(label=_("Link valid for (days)"), min_value=1, max_value=90)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel"}
        ),
    )
    valid_days = forms.IntegerField(label=_("Links valid for (days)"), min_value=1, max_value=90)


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("invitation", "Status"),
        required=False,
        choices=[("", _("Any")), *Invitation.Status.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class JoinForm(forms.Form):
    """Accepting an invitation with an account the person already has."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    country = forms.RegexField(
        label=_("Country of your organization"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        required=False,
        help_text=_("Two-letter code such as MA, US or CA."),
        error_messages={"invalid": _("Use a two-letter country code such as MA, US or CA.")},
    )
    city = forms.CharField(label=_("City of your organization"), max_length=120, required=False)
    accept_notice = forms.BooleanField(
        label=_("I have read the privacy notice and agree to take part on these terms."),
        error_messages={"required": _("Please accept the privacy notice to take part.")},
    )
    share_contact = forms.BooleanField(
        label=_(
            "Show my email and phone number to the other participants and organizers of this "
            "mission. I can withdraw this at any time from my profile."
        ),
        required=False,
    )

    def __init__(self, *args: Any, new_organization: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new_organization:
            self.fields["country"].required = True
            self.fields["city"].required = True
        else:
            del self.fields["country"]
            del self.fields["city"]


class RegisterForm(JoinForm):
    """Accepting an invitation by creating an account: the email is the login."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["first_name", "last_name", "password1", "password2", "country", "city"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user=user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
