"""One way to page a list: the page and the query string that keeps the filters."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet, per_page: int) -> tuple[Page, str]:  # type: ignore[type-arg]
    """The requested page (a bad or missing number gives the first or last page) and the
    current query string without ``page``, for the links of ``jisr/_pagination.html``."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
