import importlib
import random

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

# The order in which the domain apps load their demo data; each may provide demo.seed_demo().
DEMO_ORDER = ["regions", "organizations", "accounts", "volunteers", "activities", "hours", "needs", "maps",
              "stats", "articles", "awards", "notifications", "audit"]


class Command(BaseCommand):
    help = "Load data: `seed demo` loads the Binzhou demo city (idempotent, shows progress)."

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=["demo", "city", "province"])
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")

    def handle(self, *args, dataset: str, seed: int, **options):
        if dataset != "demo":
            module = _module("volunteerhub.stats.scale") or _module("volunteerhub.synthetic")
            if module is None:
                raise CommandError(f"seed {dataset} is not available in this build")
            module.seed_scale(dataset=dataset, seed=seed, stdout=self.stdout)
            return
        for label in DEMO_ORDER:
            module = _module(f"{apps.get_app_config(label).name}.demo")
            if module is not None and hasattr(module, "seed_demo"):
                self.stdout.write(f"· {apps.get_app_config(label).verbose_name}")
                module.seed_demo(rng=random.Random(f"{seed}:{label}"), stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 Demo data ready."))


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
