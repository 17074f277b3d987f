from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.actions import email_taken
from accounts.models import OfficerProfile, User
from accounts.photos import check_photo


def _language_choices() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address to confirm it is yours."),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Shown only to staff who handle your reports; never public."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password and not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email_taken(email):
            raise forms.ValidationError(
                _(
                    "An account with this email address already exists. Log in, or reset "
                    "your password if you forgot it."
                ),
                code="duplicate",
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are different."))
        elif first:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailOnlyForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TokenForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        min_length=6,
        max_length=6,
        help_text=_("From your authenticator app. A new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits only."), code="digits")
        return code


class AccountForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "If you change it, we send a link to the new address; the change takes "
            "effect when you open it."
        ),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=_language_choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "display_name": user.display_name,
                "email": user.pending_email or user.email,
                "preferred_language": user.preferred_language,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email != self.user.email and email_taken(email, exclude=self.user):
            raise forms.ValidationError(
                _("Another account uses this email address."), code="duplicate"
            )
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm it is you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class OfficerProfileForm(forms.ModelForm):
    class Meta:
        model = OfficerProfile
        fields = ["rank", "assignment", "languages", "bio", "photo", "is_public"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        }
        help_texts = {
            "assignment": _("For example: Senior Lead Officer, Hollenbeck Area."),
            "languages": _("Separate with commas, for example: English, Spanish."),
            "bio": _("A few sentences residents will see. Up to 1,000 characters."),
            "photo": _(
                "JPEG, PNG, WebP or GIF, up to 5 MB. We shrink it and remove its "
                "hidden data (such as where it was taken)."
            ),
            "is_public": _(
                "When ticked, residents can see your name, photo, rank, "
                "assignment, languages and bio on your area's page."
            ),
        }

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            check_photo(photo)
        return photo
