from django.db import migrations


def load(apps, schema_editor):
    from jisr.directory import taxonomy

    for model_name, rows in [
        ("ServiceLine", taxonomy.SERVICE_LINES),
        ("Certification", taxonomy.CERTIFICATIONS),
        ("Language", taxonomy.LANGUAGES),
    ]:
        model = apps.get_model("directory", model_name)
        for position, (code, en, fr, ar) in enumerate(rows):
            model.objects.update_or_create(
                code=code,
                defaults={"name_en": en, "name_fr": fr, "name_ar": ar, "position": position},
            )
    technology = apps.get_model("directory", "Technology")
    for name in taxonomy.TECHNOLOGIES:
        technology.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
