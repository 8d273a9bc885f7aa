from django.http import HttpRequest
from django.utils.translation import get_language_bidi


def language_direction(request: HttpRequest) -> dict[str, str]:
    """``dir`` for ``<html>``: right-to-left for Arabic, as Wagtail does."""
    return {"text_direction": "rtl" if get_language_bidi() else "ltr"}
