from volunteerhub.regions.loader import load_regions
from volunteerhub.regions.models import Region


def seed_demo(*, rng, stdout) -> None:
    added = load_regions(Region)
    stdout.write(f"  regions: {Region.objects.count()} ({added} added)")
