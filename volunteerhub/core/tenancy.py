"""Where every table lives once the schema is distributed with Citus (docs/scale.md, "The nation: Citus").

The one classification that the models (`CityScoped` fills the column from `TENANT`) and the schema check
(`schema_problems`, run by core/tests/test_citus_ready.py) read; `SameCity` and `city_key` are the keys the models
declare. A new model must be placed here.
"""

from django.db import models
from django.db.models import OuterRef, Subquery

CITY_CODE = "city_code"

# Distributed by city_code, colocated: label -> the field the row's city comes from (a region, whose first
# path segment is the city, or a same-city parent). The row takes its city once, when first saved.
TENANT = {
    "organizations.Team": "region",
    "organizations.ServicePost": "region",
    "volunteers.Volunteer": "region",
    "volunteers.VolunteerQualification": "volunteer",
    "volunteers.AccountClaim": "volunteer",
    "volunteers.TeamJoinRequest": "team",
    "activities.Project": "region",
    "activities.Activity": "region",
    "activities.SignUp": "activity",
    "activities.CheckEvent": "signup",
    "activities.ActivityReminder": "activity",
    "hours.LedgerEntry": "region",
    "hours.LedgerDecision": "entry",
    "hours.VolunteerHours": "volunteer",
    "hours.TeamHours": "team",
    "hours.CorrectionRequest": "region",
    "training.Course": "region",
    "training.CourseImage": "course",
    "training.Question": "course",
    "training.Choice": "question",
    "training.Attempt": "course",
    "training.Requirement": "course",
    "insurance.Policy": "region",
    "insurance.Claim": "policy",
    "agreements.Signature": "volunteer",
    "agreements.GuardianConsent": "volunteer",
    "records.Certificate": "volunteer",
    "needs.Need": "region",
    "needs.NeedEvent": "need",
    "needs.HomeVisitRound": "region",
    "needs.RoundStop": "round",
    "needs.NeedEscalation": "need",
    "needs.NeedCall": "need",
    "needs.ServiceEvidence": "need",
    "callouts.CallOut": "region",
    "callouts.Recipient": "callout",
    "stats.MonthlyRollup": "region",
    "stats.SubtreeRollup": "region",
    "stats.RegionTally": "region",
    "stats.PlanTarget": "region",
    "awards.Nomination": "region",
    "awards.Objection": "nomination",
}

# Reference tables: small, read everywhere, copied to every node (create_reference_table).
REFERENCE = {
    "regions.Region", "volunteers.Qualification", "needs.Vulnerability", "needs.DeadlineRule",
    "workdays.CalendarDay", "agreements.AgreementText", "accounts.PolicyText", "articles.Category", "articles.Tag",
    "articles.Article",
    "contenttypes.ContentType", "auth.Permission", "auth.Group", "auth.Group_permissions",
}

# Local to the coordinator: operational state no query joins with tenant rows.
LOCAL = {
    "core.Throttle", "core.DataVersion", "accounts.PhoneCode", "notifications.AccessToken", "exchange.ExchangeLog",
    "articles.ReadSalt", "sessions.Session", "admin.LogEntry", "django_tasks_database.DBTaskResult",
}

# Distributed by another column, with the reason.
OTHER_DISTRIBUTION = {
    "accounts.User": "id: a login is national (found by the phone hash), and a person may serve in any city",
    "accounts.User_groups": "user_id, colocated with accounts",
    "accounts.User_user_permissions": "user_id, colocated with accounts",
    "accounts.ApiToken": "user_id, colocated with accounts",
    "accounts.WeChatIdentity": "user_id, colocated with accounts",
    "accounts.PolicyConsent": "user_id, colocated with accounts",
    "notifications.Notification": "user_id: a person's inbox spans the cities they serve in",
    "notifications.NotificationPreference": "user_id, colocated with accounts",
    "notifications.Delivery": "user_id of its notification, colocated with accounts",
    "audit.AuditEvent": "none: append-only, partitioned by month on the coordinator and read by time",
    "articles.ArticleRead": "article_id: read counts of the city-wide news, written per visit",
}

# Many-to-many tables Django makes itself: no city_code until they become explicit through models (a step of
# the cut-over, docs/scale.md); until then they are joined from their tenant side only.
PENDING = {
    "activities.Activity_cohost_teams", "activities.Activity_required_qualifications",
    "needs.Need_required_qualifications", "needs.Need_vulnerabilities", "insurance.Policy_volunteers",
    "articles.Article_tags", "articles.Article_linked_activities",
}

# Foreign keys between tenant tables that may cross cities: a volunteer (home city) serves, is called, nominated
# or insured where the activity, need or team is. The row lives in the city of the service.
CROSS_CITY = {
    ("activities.SignUp", "volunteer"), ("hours.LedgerEntry", "volunteer"), ("hours.CorrectionRequest", "volunteer"),
    ("training.Attempt", "volunteer"), ("insurance.Claim", "volunteer"), ("needs.Need", "volunteer"),
    ("needs.HomeVisitRound", "volunteer"), ("callouts.Recipient", "volunteer"), ("awards.Nomination", "volunteer"),
    ("volunteers.TeamJoinRequest", "volunteer"),
}

# Uniqueness that is national by nature: Citus cannot enforce it across shards, so at the cut-over each becomes
# a small lookup table distributed by that value (as the phone hash is for logging in).
NATIONAL_UNIQUE = {
    ("organizations.Team", ("name",)): "a team's name is unique in the country's register",
    ("activities.Project", ("code",)): "a project code is quoted nationally",
    ("volunteers.Volunteer", ("user",)): "one volunteer record per person",
    ("volunteers.Volunteer", ("volunteer_number",)): "the volunteer number is national",
    ("volunteers.Volunteer", ("id_number_hash",)): "one record per identity card",
    ("records.Certificate", ("number",)): "a certificate number is checked nationally",
    ("records.Certificate", ("code",)): "the verification code is checked nationally",
    ("insurance.Policy", ("insurer", "number")): "an insurer's policy number",
    # One-to-one with a same-city parent: unique on the parent's id, so also on (city_code, parent);
    # the cut-over rewrites the index to (city_code, parent_id).
    ("hours.LedgerDecision", ("entry",)): "one decision per entry, a same-city one-to-one",
    ("needs.Need", ("ledger_entry",)): "one entry per need, a same-city one-to-one",
}


class CityScoped(models.Model):
    """A tenant row: carries the code of its city (地市代码), taken from `TENANT[label]` when first saved."""

    city_code = models.CharField("地市代码", max_length=6, default="", editable=False, db_index=True)

    class Meta:
        abstract = True

    def fill_city_code(self) -> None:
        if not self.city_code:
            self.city_code = getattr(self, TENANT[self._meta.label]).city_code  # a region's or a parent row's

    def save(self, *args, **kwargs):
        self.fill_city_code()
        super().save(*args, **kwargs)


def with_city_codes(rows):
    """The rows (CityScoped, unsaved) with their city filled: for bulk_create, which bypasses save()."""
    rows = list(rows)
    for row in rows:
        row.fill_city_code()
    return rows


class SameCity(models.BaseConstraint):
    """The foreign key `field` as a composite (city_code, field_id) -> target (city_code, id): the related rows
    live in the same city. Created on PostgreSQL (deferred, like Django's own keys); Django's single-column key
    stays beside it for the ORM and SQLite."""

    def __init__(self, field: str, *, name: str):
        super().__init__(name=name)
        self.field = field

    def _definition(self, model, schema_editor) -> str:
        qn = schema_editor.quote_name
        fk = model._meta.get_field(self.field)
        target = fk.related_model._meta
        return (f"CONSTRAINT {qn(self.name)} FOREIGN KEY ({qn(CITY_CODE)}, {qn(fk.column)}) "
                f"REFERENCES {qn(target.db_table)} ({qn(CITY_CODE)}, {qn(target.pk.column)}) "
                "DEFERRABLE INITIALLY DEFERRED")

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return self._definition(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        table = schema_editor.quote_name(model._meta.db_table)
        return f"ALTER TABLE {table} ADD {self._definition(model, schema_editor)}"

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        qn = schema_editor.quote_name
        return f"ALTER TABLE {qn(model._meta.db_table)} DROP CONSTRAINT {qn(self.name)}"

    def validate(self, model, instance, exclude=None, using=None):
        """Nothing to check in Python: the city is derived, never entered."""

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, (self.field,), kwargs

    def __eq__(self, other):
        if isinstance(other, SameCity):
            return (self.name, self.field) == (other.name, other.field)
        return super().__eq__(other)


def city_key(model_name: str) -> models.UniqueConstraint:
    """UNIQUE (city_code, id) of a tenant table other tenant rows point at: the target of `SameCity` keys,
    and the primary key after the cut-over."""
    return models.UniqueConstraint(fields=[CITY_CODE, "id"], name=f"{model_name}_city_key")


def backfill_city_codes(anchors: dict[str, str]):
    """A migration step (RunPython) filling city_code of existing rows, in the given order: from the region's
    path for `"region"` anchors, else from the parent row (filled before it). `anchors` is frozen in the
    migration, {label: field}."""

    def forwards(apps, schema_editor):
        region_model = apps.get_model("regions", "Region")
        cities = region_model.objects.filter(parent__isnull=True).values_list("code", flat=True)
        for label, field in anchors.items():
            model = apps.get_model(label)
            if field == "region":
                for city in cities:
                    model.objects.filter(region__path__startswith=f"/{city}/").update(city_code=city)
            else:
                parent = model._meta.get_field(field).related_model
                model.objects.update(city_code=Subquery(
                    parent.objects.filter(pk=OuterRef(f"{field}_id")).values("city_code")[:1]))

    return forwards


# --- The schema check (core/tests/test_citus_ready.py) ----------------------------------------------------------

GROUPS = {"tenant": TENANT, "reference": REFERENCE, "local": LOCAL, "other": OTHER_DISTRIBUTION, "pending": PENDING}


def schema_problems(all_models, *, groups=GROUPS, cross_city=CROSS_CITY, national_unique=NATIONAL_UNIQUE) -> list[str]:
    """What keeps the schema from being distributed by city_code, one sentence per problem naming the table:
    a model placed in no group (or two), a tenant table without the column, a unique constraint on a tenant table
    without it, a foreign key between tenant tables without its `SameCity` twin or its target's `city_key`."""
    problems = []
    tenant = groups["tenant"]
    for model in all_models:
        meta = model._meta
        places = [name for name, group in groups.items() if meta.label in group]
        if len(places) != 1:
            problems.append(f"{meta.db_table} ({meta.label}) is placed in {places or 'no group'} of core.tenancy")
        if meta.label in tenant:
            problems += _tenant_problems(model, tenant, cross_city, national_unique)
    return problems


def _tenant_problems(model, tenant, cross_city, national_unique) -> list[str]:
    meta, label = model._meta, model._meta.label
    names = {f.name for f in meta.get_fields()}
    if CITY_CODE not in names:
        return [f"{meta.db_table} ({label}) is a tenant table without {CITY_CODE}"]
    problems = []
    column = meta.get_field(CITY_CODE)
    if not column.db_index or column.editable:
        problems.append(f"{meta.db_table}.{CITY_CODE} must be indexed and not editable")
    if tenant[label] not in names:
        problems.append(f"{meta.db_table} takes its city from {tenant[label]!r}, which it does not have")
    for fields in _unique_sets(meta):
        if CITY_CODE not in fields and (label, fields) not in national_unique:
            problems.append(f"{meta.db_table}: unique {fields} leaves out {CITY_CODE}")
    twins = {c.field for c in meta.constraints if isinstance(c, SameCity)}
    for field in meta.local_fields:
        if not field.is_relation or field.related_model is None:
            continue
        target = field.related_model._meta
        if target.label not in tenant or (label, field.name) in cross_city:
            continue
        if field.name not in twins:
            problems.append(f"{meta.db_table}.{field.column} -> {target.db_table} has no SameCity key")
        if not _has_city_key(target):
            problems.append(f"{target.db_table} has no UNIQUE ({CITY_CODE}, {target.pk.column}) for "
                            f"{meta.db_table}.{field.column} to point at")
    return problems


def _unique_sets(meta) -> list[tuple[str, ...]]:
    """Every uniqueness a tenant table declares, as field names; the primary key is left out (it becomes
    (city_code, id) at the cut-over, docs/scale.md)."""
    sets = [(f.name,) for f in meta.local_fields if f.unique and not f.primary_key]
    sets += [tuple(fields) for fields in meta.unique_together]
    sets += [tuple(c.fields) or (str(c.expressions),)
             for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    return sets


def _has_city_key(target) -> bool:
    key = (CITY_CODE, target.pk.name)
    return any(isinstance(c, models.UniqueConstraint) and tuple(c.fields) == key and c.condition is None
               for c in target.constraints)
