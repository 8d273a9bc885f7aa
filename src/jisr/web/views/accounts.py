from __future__ import annotations

from django.contrib.auth import views as auth_views

from jisr.web.forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "jisr/registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
