"""E-mail in the recipient's language, sent only once the writing transaction commits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def send_in_language(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any],
) -> None:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and, if present,
    ``<template>.html`` in ``language``, and send after the current transaction commits.

    Rendering happens now, inside the caller's transaction, so a template error rolls
    the write back instead of losing the notification silently.
    """
    transaction.on_commit(
        render_in_language(to=to, language=language, template=template, context=context).send
    )


def render_in_language(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any],
) -> EmailMultiAlternatives:
    """The message ``send_in_language`` sends, for a caller that sends it itself (a
    worker that records each message as sent)."""
    language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    with translation.override(language):
        full_context = {**context, "language": language}
        subject = render_to_string(f"{template}_subject.txt", full_context).strip()
        text = render_to_string(f"{template}.txt", full_context)
        try:
            html: str | None = render_to_string(f"{template}.html", full_context)
        except TemplateDoesNotExist:
            html = None  # plain-text mail only
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        headers={"Content-Language": language},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message
