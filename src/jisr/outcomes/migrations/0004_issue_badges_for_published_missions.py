"""Badges used to be made the first time a participant's page showed one (a write on a
GET request); they are now issued when a schedule is published. Missions published
before this change get a badge for everyone who has none."""

import secrets

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


def issue_missing_badges(apps, schema_editor):
    Badge = apps.get_model("outcomes", "Badge")
    Person = apps.get_model("directory", "Person")
    Publication = apps.get_model("schedules", "Publication")
    published = Publication.objects.values_list("mission_id", flat=True).distinct()
    used = set(Badge.objects.values_list("code", flat=True))
    new = []
    for person in Person.objects.filter(mission_id__in=published, badge__isnull=True):
        code = ""
        while not code or code in used:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        used.add(code)
        new.append(Badge(mission_id=person.mission_id, person_id=person.pk, code=code))
    Badge.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0003_badges_and_check_ins"),
        ("schedules", "0002_one_meeting_per_table_and_slot"),
    ]

    operations = [migrations.RunPython(issue_missing_badges, migrations.RunPython.noop)]
