from django.db import migrations


def load(apps, schema_editor):
    from volunteerhub.volunteers.qualifications import QUALIFICATIONS

    Qualification = apps.get_model("volunteers", "Qualification")
    for code, name, name_en in QUALIFICATIONS:
        Qualification.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
