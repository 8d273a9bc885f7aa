"""URLs of the invitations and profile pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import invitations, profile

urlpatterns: list = [
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("invitations/new/", invitations.invitation_new, name="invitation-new"),
    path("invitations/sending/", invitations.invitation_sending, name="invitation-sending"),
    path("invitations/import/", invitations.invitation_import, name="invitation-import"),
    path(
        "invitations/import/errors.csv",
        invitations.invitation_import_errors,
        name="invitation-import-errors",
    ),
    path(
        "invitations/template.<str:extension>",
        invitations.invitation_template,
        name="invitation-template",
    ),
    path(
        "invitations/<int:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path("join/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("profile/", profile.my_profile, name="my-profile"),
    path("profile/consent/", profile.contact_consent, name="contact-consent"),
    path(
        "organizations/<int:organization_id>/edit/",
        profile.organization_edit,
        name="organization-edit",
    ),
]
