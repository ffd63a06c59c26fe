from django.db import migrations

from volunteerhub.accounts.policies import load_first_policies


def add_texts(apps, schema_editor):
    load_first_policies(apps.get_model("accounts", "PolicyText"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_policies_consents_phone_codes")]
    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
