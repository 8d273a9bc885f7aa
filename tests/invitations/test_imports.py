"""Bulk import: all or nothing, and every rejected row comes back with its reason."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from openpyxl import Workbook

from jisr.core.errors import PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Organization, Person
from jisr.missions.models import Invitation
from jisr.missions.services import InvitationImportRejected, import_invitations
from tests.factories import MissionFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.factories_invitations import InvitationFactory, organizer_of

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,organization,role,language,country,city"
BASE = "https://jisr.test/"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def mission():
    return MissionFactory()


@pytest.fixture
def organizer(mission):
    return organizer_of(mission)


def run_import(mission, organizer, content, filename="people.csv", capture=None):
    return import_invitations(
        mission, by=organizer, filename=filename, content=content, base_url=BASE
    )


def rejected(mission, organizer, content, filename="people.csv"):
    with pytest.raises(InvitationImportRejected) as info:
        run_import(mission, organizer, content, filename)
    return [(e.row, e.column, e.message) for e in info.value.errors]


def assert_nothing_created():
    assert Invitation.objects.count() == 0
    assert Organization.objects.count() == 0
    assert Person.objects.count() == 0
    assert ActivityLogEntry.objects.count() == 0
    assert mail.outbox == []


def test_import_csv_creates_invitations_and_mails_each_in_their_language(
    mission, organizer, django_capture_on_commit_callbacks
):
    content = csv_bytes(
        "ana@buyer.example,Ana,Smith,Northwind,buyer,en,US,Boston",
        "youssef@atlas.example,Youssef,Benali,Atlas Soft,provider,fr,MA,Rabat",
    )

    with django_capture_on_commit_callbacks(execute=True):
        invitations = run_import(mission, organizer, content)

    assert [(i.email, i.role, i.language) for i in invitations] == [
        ("ana@buyer.example", "buyer", "en"),
        ("youssef@atlas.example", "provider", "fr"),
    ]
    assert [m.to for m in mail.outbox] == [["ana@buyer.example"], ["youssef@atlas.example"]]
    assert mail.outbox[1].extra_headers["Content-Language"] == "fr"
    assert f"{BASE}fr/m/{mission.slug}/join/" in mail.outbox[1].body
    assert ActivityLogEntry.objects.filter(action="invitations.imported").count() == 1


def test_import_semicolon_csv_with_bom_and_french_headers_and_arabic_role(mission, organizer):
    content = (
        "\ufeffCourriel;Prénom;Nom;Entreprise;Rôle;Langue\n".encode()
        + (
            "salma@atlas.example;Salma;Alaoui;Atlas Soft;مزود;العربية\n"
            "paul@north.example;Paul;Martin;Northwind;Acheteur;anglais\n"
        ).encode()
    )

    invitations = run_import(mission, organizer, content)

    assert [(i.email, i.role, i.language) for i in invitations] == [
        ("salma@atlas.example", "provider", "ar"),
        ("paul@north.example", "buyer", "en"),
    ]


def test_import_xlsx_with_columns_in_any_order_and_extra_columns(mission, organizer):
    content = xlsx_bytes(
        [
            ["Role", "Email", "Notes", "Last name", "First name", "Organization"],
            ["speaker", "Lina@Example.org", "keynote", "Haddad", "Lina", "Diaspora Network"],
            [None, None, None, None, None, None],
            ["buyer", "tom@example.org", "", "Lee", "Tom", "Northwind"],
        ]
    )

    invitations = run_import(mission, organizer, content, filename="people.XLSX")

    assert [(i.email, i.role, i.last_name) for i in invitations] == [
        ("lina@example.org", "speaker", "Haddad"),
        ("tom@example.org", "buyer", "Lee"),
    ]


def test_import_links_rows_to_existing_organization_by_name(mission, organizer):
    existing = OrganizationFactory(mission=mission, name="Atlas Soft", kind="provider")

    (invitation,) = run_import(
        mission, organizer, csv_bytes("new@atlas.example,New,Person,atlas soft,provider,,,")
    )

    assert invitation.organization == existing
    assert invitation.organization_name == "Atlas Soft"


def test_import_malformed_xlsx_rejected_and_nothing_created(mission, organizer):
    errors = rejected(mission, organizer, b"PK\x03\x04 not really a zip", "people.xlsx")

    assert errors == [
        (0, "", "The file could not be read as an Excel workbook (.xlsx); it may be damaged.")
    ]
    assert_nothing_created()


def test_import_wrong_extension_rejected(mission, organizer):
    errors = rejected(mission, organizer, csv_bytes("a@b.example,A,B,Org,buyer"), "people.pdf")

    assert errors == [(0, "", "Upload a .csv or .xlsx file.")]
    assert_nothing_created()


def test_import_bad_encoding_rejected_with_advice(mission, organizer):
    content = csv_bytes("rene@x.example,René,Lefèvre,Société X,buyer", encoding="latin-1")

    errors = rejected(mission, organizer, content)

    assert len(errors) == 1 and "UTF-8" in errors[0][2]
    assert_nothing_created()


def test_import_missing_required_column_rejected(mission, organizer):
    content = csv_bytes("a@b.example,A,Org,buyer", header="email,first_name,organization,role")

    errors = rejected(mission, organizer, content)

    assert errors == [(1, "last_name", "Required columns are missing: last_name.")]
    assert_nothing_created()


def test_import_empty_file_and_header_only_rejected(mission, organizer):
    empty = rejected(mission, organizer, b"")
    header_only = rejected(mission, organizer, HEADER.encode() + b"\n\n")

    assert empty == [(0, "", "The file is empty.")]
    assert header_only == [(0, "", "The file has a header but no rows of people.")]
    assert_nothing_created()


def test_import_one_bad_row_rejects_all_and_reports_each_problem(mission, organizer):
    content = csv_bytes(
        "good@x.example,Good,Row,Org A,buyer,en,US,Boston",
        "not-an-email,Bad,Email,Org A,buyer,en,US,Boston",
        "role@x.example,Bad,Role,Org A,astronaut,en,US,Boston",
        "good@x.example,Twice,Listed,Org A,buyer,en,US,Boston",
        "lang@x.example,Bad,Language,Org A,buyer,de,Morocco,Boston",
        "noname@x.example,,,Org A,buyer,en,,",
    )

    errors = rejected(mission, organizer, content)

    assert errors == [
        (3, "email", "“not-an-email” is not a valid email address."),
        (
            4,
            "role",
            "Unknown role “astronaut”; use buyer, provider, organizer, advisor or speaker.",
        ),
        (5, "email", "This email is already on row 2 of the file."),
        (6, "language", "Unknown language “de”; use en, fr or ar."),
        (6, "country", "Use a two-letter country code such as MA, US or CA."),
        (7, "first_name", "This value is required."),
        (7, "last_name", "This value is required."),
    ]
    assert_nothing_created()


def test_import_emails_of_existing_people_and_pending_invitations_rejected(mission, organizer):
    PersonFactory(organization__mission=mission, email="Known@Atlas.example")
    InvitationFactory(mission=mission, email="pending@x.example")
    people_before = Person.objects.count()

    errors = rejected(
        mission,
        organizer,
        csv_bytes("known@atlas.example,K,N,Org,buyer", "pending@x.example,P,Q,Org,buyer"),
    )

    assert errors == [
        (2, "email", "This person already takes part in this mission."),
        (3, "email", "This person already has a pending invitation."),
    ]
    assert Invitation.objects.count() == 1
    assert Person.objects.count() == people_before


def test_import_same_email_in_another_mission_is_accepted(mission, organizer):
    PersonFactory(email="shared@x.example")  # another mission

    (invitation,) = run_import(mission, organizer, csv_bytes("shared@x.example,S,X,Org,buyer"))

    assert invitation.mission == mission


def test_import_buyer_cannot_join_provider_organization(mission, organizer):
    OrganizationFactory(mission=mission, name="Atlas Soft", kind="provider")

    errors = rejected(
        mission,
        organizer,
        csv_bytes(
            "b@x.example,B,X,Atlas Soft,buyer",
            "c@x.example,C,X,New Co,provider",
            "d@x.example,D,X,New Co,buyer",
        ),
    )

    assert [(row, column) for row, column, _m in errors] == [
        (2, "organization"),
        (4, "organization"),
    ]
    assert Invitation.objects.count() == 0


def test_import_by_organizer_of_another_mission_is_refused(mission):
    outsider = organizer_of(MissionFactory())

    with pytest.raises(PermissionDenied):
        run_import(mission, outsider, csv_bytes("a@x.example,A,X,Org,buyer"))

    assert Invitation.objects.count() == 0


def test_import_by_participant_is_refused(mission):
    member = UserFactory()
    PersonFactory(organization__mission=mission, user=member)

    with pytest.raises(PermissionDenied):
        run_import(mission, member, csv_bytes("a@x.example,A,X,Org,buyer"))

    assert Invitation.objects.count() == 0
