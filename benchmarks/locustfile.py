"""Locust users for benchmarks/bench_load.py: participants reading their agenda, the
directory and their recommendations, and API clients. Sessions and the API token are
made beforehand by bench_load.py (no password hashing under load) and passed in
LOAD_SESSIONS, LOAD_TOKEN and LOAD_SLUG."""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

SESSIONS = os.environ["LOAD_SESSIONS"].split(",")
TOKEN = os.environ["LOAD_TOKEN"]
SLUG = os.environ["LOAD_SLUG"]
LANGUAGES = ["en", "fr", "ar"]
WORDS = ["cloud", "data", "testing", "security", "java", "support", "casablanca", "rabat"]


class Participant(HttpUser):
    weight = 4
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", random.choice(SESSIONS))
        self.language = random.choice(LANGUAGES)

    @task(3)
    def agenda(self) -> None:
        self.client.get(f"/{self.language}/m/{SLUG}/agenda/", name="agenda")

    @task(3)
    def directory(self) -> None:
        if random.random() < 0.5:
            params = {"page": random.randint(1, 20)}
        else:
            params = {"q": random.choice(WORDS)}
        self.client.get(
            f"/{self.language}/m/{SLUG}/organizations/", params=params, name="directory"
        )

    @task(2)
    def recommended(self) -> None:
        self.client.get(f"/{self.language}/m/{SLUG}/recommended/", name="recommended")

    @task(1)
    def programme(self) -> None:
        self.client.get(f"/{self.language}/m/{SLUG}/programme/", name="programme")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"

    @task(1)
    def missions(self) -> None:
        self.client.get("/api/v1/missions", name="api missions")

    @task(3)
    def organizations(self) -> None:
        page = random.randint(1, 50)
        self.client.get(
            f"/api/v1/missions/{SLUG}/organizations", params={"page": page}, name="api directory"
        )
