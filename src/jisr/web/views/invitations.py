"""Organizer pages for invitations, and registration through an invitation link."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, NotFound
from jisr.core.text import fold
from jisr.directory.models import Organization
from jisr.directory.privacy import NOTICE_VERSION
from jisr.missions import services
from jisr.missions.imports import COLUMNS, MAX_BYTES
from jisr.missions.queries import (
    access_invitation,
    access_managed_mission,
    existing_organization_for,
    invitation_counts,
    invitation_for_token,
    invitations_for,
    unsent_invitation_count,
)
from jisr.web.pagination import paginate
from jisr.web.ratelimits import limited
from jisr.web.views.invitation_forms import (
    COLUMN_FIELDS,
    ImportForm,
    InvitationFilterForm,
    InviteForm,
    JoinForm,
    RegisterForm,
)

PAGE_SIZE = 50
ERRORS_SESSION_KEY = "jisr-import-errors-{}"
TEMPLATE_ROWS = [
    ["ana.smith@buyer.example", "Ana", "Smith", "Northwind Health", "buyer", "en", "US", "Boston"],
    [
        "y.benali@provider.example",
        "Youssef",
        "Benali",
        "Atlas Soft",
        "provider",
        "fr",
        "MA",
        "Rabat",
    ],
]


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --- organizer pages -----------------------------------------------------------


def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_managed_mission(request.user, slug)
    form = InvitationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    invitations = invitations_for(mission, status=data.get("status", ""), query=data.get("q", ""))
    page, querystring = paginate(request, invitations, PAGE_SIZE)
    template = (
        "jisr/invitations/_table.html"
        if request.headers.get("HX-Request")
        else "jisr/invitations/list.html"
    )
    return render(
        request,
        template,
        {
            "mission": mission,
            "form": form,
            "page": page,
            "counts": invitation_counts(mission),
            "unsent": unsent_invitation_count(mission),
            "querystring": querystring,
        },
    )


def invitation_sending(request: HttpRequest, slug: str) -> HttpResponse:
    """How many e-mails of an import a worker still has to send; polled by the list."""
    mission = access_managed_mission(request.user, slug)
    return render(
        request,
        "jisr/invitations/_sending.html",
        {"mission": mission, "unsent": unsent_invitation_count(mission), "polled": True},
    )


def invitation_new(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_managed_mission(request.user, slug)
    initial = {"valid_days": mission.invitation_validity_days}
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_participant(
                mission,
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                organization_name=data["organization_name"],
                language=data["language"],
                country=data["country"],
                city=data["city"],
                valid_days=data["valid_days"],
                base_url=_base_url(request),
            )
        except DomainError as error:
            field = COLUMN_FIELDS.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("web:invitations", mission.slug)
    organizations = (
        Organization.objects.for_mission(mission).order_by("name").values_list("name", flat=True)
    )
    return render(
        request,
        "jisr/invitations/new.html",
        {"mission": mission, "form": form, "organization_names": list(organizations)},
    )


def invitation_import(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_managed_mission(request.user, slug)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"valid_days": mission.invitation_validity_days},
    )
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            invitations = services.import_invitations(
                mission,
                by=request.user,
                filename=upload.name or "",
                # One byte past the limit is enough for the service to refuse the file.
                content=upload.read(MAX_BYTES + 1),
                base_url=_base_url(request),
                valid_days=form.cleaned_data["valid_days"],
            )
        except services.InvitationImportRejected as rejected:
            errors = rejected.errors
            request.session[ERRORS_SESSION_KEY.format(mission.pk)] = [
                [e.row, e.column, e.message] for e in errors[:5000]
            ]
        else:
            count = len(invitations)
            messages.success(
                request,
                ngettext(
                    "%(count)d invitation was created; its e-mail is sent in the background.",
                    "%(count)d invitations were created; their e-mails are sent in the background.",
                    count,
                )
                % {"count": count},
            )
            return redirect("web:invitations", mission.slug)
    return render(
        request,
        "jisr/invitations/import.html",
        {
            "mission": mission,
            "form": form,
            "errors": errors,
            "error_rows": len({e.row for e in errors if e.row}),
            "columns": COLUMNS,
        },
        status=400 if errors else 200,
    )


def invitation_import_errors(request: HttpRequest, slug: str) -> HttpResponse:
    """The last rejected import's problems, as CSV, for fixing the file in a spreadsheet."""
    mission = access_managed_mission(request.user, slug)
    rows = request.session.get(ERRORS_SESSION_KEY.format(mission.pk), [])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("row"), _("column"), _("problem")])
    for row, column, message in rows:
        writer.writerow([row or _("file"), column, message])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invitation-errors.csv"'
    return response


def invitation_template(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """An example file with the expected columns, in CSV (UTF-8) or XLSX."""
    access_managed_mission(request.user, slug)
    if extension not in {"csv", "xlsx"}:
        raise NotFound(_("Templates exist as .csv and .xlsx files."))
    if extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "invitations"
        sheet.append(list(COLUMNS))
        for row in TEMPLATE_ROWS:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        writer.writerows(TEMPLATE_ROWS)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invitations-template.{extension}"'
    return response


@require_POST
def invitation_resend(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    mission = access_managed_mission(request.user, slug)
    invitation = access_invitation(request.user, mission, invitation_id)
    try:
        services.resend_invitation(invitation, by=request.user, base_url=_base_url(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("A new link was sent to %(email)s.") % {"email": invitation.email}
        )
    return redirect("web:invitations", mission.slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    mission = access_managed_mission(request.user, slug)
    invitation = access_invitation(request.user, mission, invitation_id)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The invitation of %(email)s was revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("web:invitations", mission.slug)


# --- registration through the link ---------------------------------------------------


@limited("invitation", methods=("GET", "POST"))
def invitation_accept(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Register (or join with an existing account) through a single-use link."""
    invitation = invitation_for_token(slug, token)
    state = services.invitation_state(invitation)
    if invitation is None or state != "usable":
        return _unusable(request, invitation, state)
    context: dict[str, Any] = {"invitation": invitation, "mission": invitation.mission}
    user = request.user
    if user.is_authenticated and fold(user.get_username()) != fold(invitation.email):
        return render(request, "jisr/invitations/wrong_account.html", context, status=403)
    has_account = get_user_model().objects.filter(username__iexact=invitation.email).exists()
    if not user.is_authenticated and has_account:
        context["login_url"] = f"{reverse('web:login')}?next={request.path}"
        return render(request, "jisr/invitations/login_first.html", context)
    new_organization = existing_organization_for(invitation) is None
    initial = {
        "first_name": invitation.first_name,
        "last_name": invitation.last_name,
        "country": invitation.country,
        "city": invitation.city,
    }
    data = request.POST if request.method == "POST" else None
    form: JoinForm = (
        JoinForm(data, initial=initial, new_organization=new_organization)
        if user.is_authenticated
        else RegisterForm(
            data, initial=initial, new_organization=new_organization, email=invitation.email
        )
    )
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            person = services.accept_invitation(
                invitation,
                user=user if user.is_authenticated else None,
                password=cleaned.get("password1", ""),
                first_name=cleaned["first_name"],
                last_name=cleaned["last_name"],
                country=cleaned.get("country", ""),
                city=cleaned.get("city", ""),
                accept_notice=cleaned["accept_notice"],
                share_contact=cleaned["share_contact"],
            )
        except services.InvitationUnusable as error:
            return _unusable(request, invitation, error.reason)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            if not user.is_authenticated:
                login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Please complete your profile and your organization's profile."),
            )
            return redirect("web:my-profile", invitation.mission.slug)
    context.update(
        {"form": form, "new_organization": new_organization, "notice_version": NOTICE_VERSION}
    )
    return render(request, "jisr/invitations/accept.html", context)


def _unusable(request: HttpRequest, invitation: Any, state: str) -> HttpResponse:
    status = 404 if state == "unknown" else 410
    return render(
        request,
        "jisr/invitations/unusable.html",
        {"invitation": invitation, "state": state, "mission": None},
        status=status,
    )
