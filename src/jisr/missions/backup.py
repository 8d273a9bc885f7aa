"""A mission's backup: every row that belongs to it, in one JSON document, and back.

The rows are the mission's and every row that points at them, at any depth, found
through the models' relations (so a new model is included without a change here),
with their ids.
Rows they point at outside the mission (accounts, the shared vocabulary) travel with
them and are restored only where they are missing: an existing account is never
overwritten. A restore is all or nothing, and gives the mission back exactly: the
same rows with the same ids and values.

Whole-database backups (``pg_dump``, SQLite's online backup) are in
docs/operations.md; this one is for one mission: to undo a mistake, archive a past
mission or move it to a new database.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Model
from django.utils import timezone

from jisr.missions.models import Mission

FORMAT = "jisr-mission-backup"
VERSION = 1
# Never copied: they exist in every database Jisr migrated, matched by natural key.
BUILT_IN = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """The file is not a Jisr mission backup, or cannot be restored here."""


def _owned_ids(mission: Mission) -> dict[type[Model], set[Any]]:
    """The ids of every row that belongs to ``mission``: the rows pointing at it, the
    rows pointing at those, and so on, whatever their ``on_delete``."""
    owned: dict[type[Model], set[Any]] = defaultdict(set)
    owned[Mission].add(mission.pk)
    pending: list[tuple[type[Model], set[Any]]] = [(Mission, {mission.pk})]
    while pending:
        model, ids = pending.pop()
        relations = [
            f
            for f in model._meta.get_fields(include_hidden=True)  # related_name="+" too
            if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
        ]
        for relation in relations:
            related = relation.related_model
            if related._meta.auto_created:
                continue  # many-to-many links travel with the row that declares them
            found = set(
                related._default_manager.filter(**{f"{relation.field.name}__in": ids}).values_list(
                    "pk", flat=True
                )
            )
            new = found - owned[related]
            if new:
                owned[related] |= new
                pending.append((related, new))
    return owned


def mission_objects(mission: Mission) -> list[Model]:
    """Every row that belongs to ``mission``, the mission first."""
    rows: list[Model] = []
    for model, ids in _owned_ids(mission).items():
        rows.extend(model._default_manager.filter(pk__in=ids))
    return sorted(
        rows,
        key=lambda row: (
            row.pk != mission.pk or not isinstance(row, Mission),
            row._meta.label_lower,
            row.pk,
        ),
    )


def delete_mission_rows(mission: Mission) -> int:
    """Delete every row of ``mission`` at once (a restore replaces them). Links are
    checked when the transaction commits, so the order does not matter and a row of
    another mission still pointing here makes the whole transaction fail."""
    deleted = 0
    with transaction.atomic():
        for model, ids in _owned_ids(mission).items():
            for field in model._meta.many_to_many:  # their link rows go first
                through = field.remote_field.through
                if through._meta.auto_created:
                    through._default_manager.filter(
                        **{f"{field.m2m_field_name()}__in": ids}
                    )._raw_delete(DEFAULT_DB_ALIAS)
            deleted += model._default_manager.filter(pk__in=ids)._raw_delete(DEFAULT_DB_ALIAS) or 0
    return deleted


def _dependencies(rows: Iterable[Model]) -> list[Model]:
    """Rows outside the mission that its rows point at, and what those point at."""
    owned = {(r._meta.label_lower, r.pk) for r in rows}
    found: dict[tuple[str, Any], Model] = {}
    pending = list(rows)
    while pending:
        row = pending.pop()
        targets: list[Model] = []
        for field in row._meta.concrete_fields:
            if field.is_relation and getattr(row, field.attname) is not None:
                targets.append(getattr(row, field.name))
        if (row._meta.label_lower, row.pk) in owned:  # an outside row's own links stay out
            for field in row._meta.many_to_many:
                targets.extend(getattr(row, field.name).all())
        for target in targets:
            key = (target._meta.label_lower, target.pk)
            if key in owned or key in found or key[0] in BUILT_IN:
                continue
            found[key] = target
            pending.append(target)
    return sorted(found.values(), key=lambda r: (r._meta.label_lower, r.pk))


def backup_mission(mission: Mission) -> dict[str, Any]:
    rows = mission_objects(mission)
    return {
        "format": FORMAT,
        "version": VERSION,
        "mission": mission.slug,
        "created": timezone.now().isoformat(),
        "rows": len(rows),
        "shared": _serialize(_dependencies(rows), with_links=False),
        "objects": _serialize(rows, with_links=True),
    }


def _serialize(rows: list[Model], *, with_links: bool) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = serializers.serialize(
        "python", rows, use_natural_foreign_keys=True
    )
    if not with_links:  # an account's groups and permissions are not the mission's
        for item, row in zip(data, rows, strict=True):
            for field in row._meta.many_to_many:
                item["fields"].pop(field.name, None)
    return json.loads(json.dumps(data, cls=ExactEncoder))


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to the millisecond; a backup keeps them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def write_backup(mission: Mission, path: str) -> int:
    document = backup_mission(mission)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as out:  # type: ignore[operator]
        json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
    return int(document["rows"])


def read_backup(path: str) -> dict[str, Any]:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as source:  # type: ignore[operator]
            document: dict[str, Any] = json.load(source)
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a readable Jisr mission backup: {error}") from error
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise BackupError(f"{path} is not a Jisr mission backup (version {VERSION}).")
    return document


def restore_mission(document: dict[str, Any], *, replace: bool = False) -> Mission:
    """Put the mission of ``document`` back, with its ids. Refused when the mission
    still exists, unless ``replace``: then it is deleted first, in the same
    transaction, so a failed restore leaves it as it was."""
    head = document["objects"][0]
    if head["model"] != "missions.mission":
        raise BackupError("The backup does not start with its mission.")
    with transaction.atomic():
        existing = (
            Mission.objects.filter(pk=head["pk"]).first()
            or Mission.objects.filter(slug=head["fields"]["slug"]).first()
        )
        if existing is not None:
            if not replace:
                raise BackupError(
                    f"The mission {existing.slug} exists; restore with --replace to replace it."
                )
            delete_mission_rows(existing)
        for item in serializers.deserialize(
            "python", document["shared"], handle_forward_references=True
        ):
            model = type(item.object)
            if model.objects.filter(pk=item.object.pk).exists() or _known(item.object):
                continue
            item.save()
        saved: set[type[Model]] = set()
        for item in serializers.deserialize(
            "python", document["objects"], handle_forward_references=True
        ):
            taken = type(item.object).objects.filter(pk=item.object.pk).exists()
            if taken:
                raise BackupError(
                    f"{item.object._meta.label} {item.object.pk} is used by another mission "
                    "here: restore into the database the backup came from, or an empty one."
                )
            item.save()
            saved.add(type(item.object))
        # Links are checked now, not at commit: a damaged file fails here, whole.
        connection.check_constraints()
        _reset_sequences(saved)
    return Mission.objects.get(pk=head["pk"])


def _known(row: Model) -> bool:
    """An account (or another row with a natural key) that already exists here."""
    natural = getattr(row, "natural_key", None)
    manager = type(row)._default_manager
    if natural is None or not hasattr(manager, "get_by_natural_key"):
        return False
    try:
        manager.get_by_natural_key(*natural())
    except type(row).DoesNotExist:
        return False
    return True


def _reset_sequences(models: set[type[Model]]) -> None:
    """Ids given explicitly do not move PostgreSQL's sequences; move them past."""
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(models, key=str))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
