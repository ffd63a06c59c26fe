"""Once created a PL/pgSQL copy of the sign-up rules; the rules live in Python only now (0005 drops it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("audit", "0001_initial"),
        ("regions", "0001_initial"),
        ("volunteers", "0002_load_qualifications"),
    ]

    operations: list = []
