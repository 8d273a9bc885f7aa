from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from jisr.web.forms import EmailAuthenticationForm
from jisr.web.ratelimits import limited, posted_email


@method_decorator(
    limited("login", "login-account", key_of={"login-account": posted_email}), name="dispatch"
)
class LoginView(auth_views.LoginView):
    template_name = "jisr/registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(
    limited(
        "password-reset",
        "password-reset-account",
        key_of={"password-reset-account": posted_email},
    ),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    """Sends a single-use link; says the same whether or not the address has an account."""

    template_name = "jisr/registration/password_reset.html"
    email_template_name = "jisr/email/accounts/password_reset.txt"
    subject_template_name = "jisr/email/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("web:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "jisr/registration/password_reset_sent.html"


@method_decorator(limited("password-reset"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "jisr/registration/password_reset_confirm.html"
    success_url = reverse_lazy("web:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "jisr/registration/password_reset_complete.html"
