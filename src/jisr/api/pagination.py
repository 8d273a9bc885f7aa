"""One envelope for every list: ``{count, next, previous, results}``, numbered pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100)."
    )


class PageNumbers(PaginationBase):
    """``?page=N&page_size=M``; a page past the end is empty rather than an error, so a
    client walking ``next`` never fails when the list shrinks meanwhile."""

    Input = PageQuery

    class Output(Schema):
        count: int = Field(description="Items in the whole list, on every page.")
        next: str | None = Field(description="URL of the next page, or null on the last.")
        previous: str | None = Field(description="URL of the previous page, or null.")
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: PageQuery, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size, number = pagination.page_size, pagination.page
        count = self._items_count(queryset)
        offset = (number - 1) * size
        results = list(queryset[offset : offset + size]) if offset < count else []
        last = max(1, -(-count // size))
        return {
            "count": count,
            "next": _page_url(request, number + 1) if number < last else None,
            "previous": _page_url(request, min(number - 1, last)) if number > 1 else None,
            "results": results,
        }


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
