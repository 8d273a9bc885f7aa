"""The web page where a signed-in person creates and revokes their own API tokens.

It lives beside the API it grants access to (``jisr.web`` and ``jisr.api`` do not
import each other) and uses the site's layout. A new token's value is shown once, on
the answer to the form, and never stored.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jisr.api.models import ApiToken
from jisr.api.tokens import DEFAULT_DAYS, create_token, revoke_token, tokens_of

LIFETIMES = [
    ("7", gettext_lazy("7 days")),
    ("30", gettext_lazy("30 days")),
    ("90", gettext_lazy("90 days")),
    ("365", gettext_lazy("1 year")),
    ("0", gettext_lazy("No expiry (not recommended)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What uses the token, e.g. “CRM sync” or “my laptop”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=[
            (ApiToken.Scope.READ, gettext_lazy("Read only")),
            (ApiToken.Scope.WRITE, gettext_lazy("Read and write")),
        ],
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.ChoiceField(
        label=gettext_lazy("Expires after"), choices=LIFETIMES, initial=str(DEFAULT_DAYS)
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and form.is_valid():
        days = int(form.cleaned_data["days"]) or None
        issued = create_token(
            request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=days,
        )
        form = TokenForm()
    response = render(
        request,
        "jisr/account/api_tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": tokens_of(request.user),  # type: ignore[arg-type]
            "now": timezone.now(),
        },
        status=201 if issued else 200,
    )
    if issued:
        response["Cache-Control"] = "no-store"  # the token must not stay in any cache
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens_of(request.user).filter(pk=token_id).first()  # type: ignore[arg-type]
    if token is None:  # someone else's token answers like a missing one
        raise Http404
    revoke_token(token)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("account:api-tokens")


app_name = "account"
urlpatterns = [
    path("api-tokens/", api_tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/revoke/", api_token_revoke, name="api-token-revoke"),
]
