"""The words an invitation spreadsheet may use: column names and values in English,
French and Arabic, and which organizations each role may join."""

from __future__ import annotations

from jisr.directory.models import Organization
from jisr.missions.models import Participation

# Header spellings people use in English, French and Arabic; compared after _key().
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "email": (
        "email",
        "e-mail",
        "email address",
        "mail",
        "courriel",
        "adresse e-mail",
        "البريد الإلكتروني",
        "البريد",
    ),
    "first_name": ("first name", "firstname", "given name", "prénom", "الاسم الأول", "الاسم"),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "nom",
        "nom de famille",
        "اسم العائلة",
        "النسب",
    ),
    "organization": (
        "organization",
        "organisation",
        "company",
        "entreprise",
        "société",
        "organisme",
        "المؤسسة",
        "الشركة",
        "الهيئة",
    ),
    "role": ("role", "rôle", "participation type", "الدور", "الصفة"),
    "language": ("language", "langue", "اللغة"),
    "country": ("country", "pays", "البلد", "الدولة"),
    "city": ("city", "ville", "المدينة"),
}
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    Participation.Role.BUYER: ("buyer", "acheteur", "acheteuse", "client", "مشتري", "مشتر"),
    Participation.Role.PROVIDER: (
        "provider",
        "supplier",
        "prestataire",
        "fournisseur",
        "مزود",
        "مورد",
    ),
    Participation.Role.ORGANIZER: (
        "organizer",
        "organiser",
        "organisateur",
        "organisatrice",
        "منظم",
    ),
    Participation.Role.ADVISOR: ("advisor", "adviser", "conseiller", "conseillère", "مستشار"),
    Participation.Role.SPEAKER: (
        "speaker",
        "intervenant",
        "intervenante",
        "conférencier",
        "conférencière",
        "متحدث",
    ),
}
LANGUAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "en": ("en", "english", "anglais", "الإنجليزية", "الانجليزية"),
    "fr": ("fr", "french", "français", "francais", "الفرنسية"),
    "ar": ("ar", "arabic", "arabe", "العربية"),
}
# Which organization kinds a role may join; roles not listed may join any kind.
ROLE_KINDS: dict[str, set[str]] = {
    Participation.Role.BUYER: {Organization.Kind.BUYER},
    Participation.Role.PROVIDER: {Organization.Kind.PROVIDER},
}
KIND_OF_ROLE: dict[str, str] = {
    Participation.Role.BUYER: Organization.Kind.BUYER,
    Participation.Role.PROVIDER: Organization.Kind.PROVIDER,
    Participation.Role.ORGANIZER: Organization.Kind.ORGANIZER,
    Participation.Role.ADVISOR: Organization.Kind.PARTNER,
    Participation.Role.SPEAKER: Organization.Kind.PARTNER,
}
