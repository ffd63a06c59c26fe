from django.core.management.base import BaseCommand

from volunteerhub import synthetic
from volunteerhub.demo.loader import seed_demo


class Command(BaseCommand):
    help = ("Load data: `seed demo` loads the Binzhou demo city (idempotent, shows progress); `seed city|province` "
            "synthetic data at city or province scale (benchmarks).")

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=["demo", "city", "province"])
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")

    def handle(self, *args, dataset: str, seed: int, **options):
        if dataset != "demo":
            synthetic.seed_scale(dataset=dataset, seed=seed, stdout=self.stdout)
            return
        seed_demo(seed=seed, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 Demo data ready."))
