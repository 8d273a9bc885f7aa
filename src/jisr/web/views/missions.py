"""Public mission pages: the list of missions, a mission's page and its programme."""

from __future__ import annotations

from itertools import groupby
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jisr.directory.models import Organization
from jisr.missions import rules
from jisr.missions.queries import access_mission, programme_for, visible_missions


def home(request: HttpRequest) -> HttpResponse:
    missions = visible_missions(request.user)
    return render(request, "jisr/home.html", {"missions": missions})


def mission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    counts = Organization.objects.for_mission(mission).aggregate(
        buyers=Count("id", filter=Q(kind=Organization.Kind.BUYER)),
        providers=Count("id", filter=Q(kind=Organization.Kind.PROVIDER)),
    )
    return render(
        request,
        "jisr/missions/detail.html",
        {
            "mission": mission,
            "counts": counts,
            "venues": mission.venues.all(),
            "can_see_directory": rules.can_see_directory(request.user, mission),
            "is_organizer": rules.is_organizer(request.user, mission),
        },
    )


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    items = list(programme_for(mission))
    mission_tz = ZoneInfo(mission.timezone)
    days = [
        (day, list(day_items))
        for day, day_items in groupby(
            items, key=lambda item: timezone.localtime(item.start, mission_tz).date()
        )
    ]
    return render(request, "jisr/missions/programme.html", {"mission": mission, "days": days})
