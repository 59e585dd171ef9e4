from django.core.management.base import BaseCommand

from units.loader import load_units


class Command(BaseCommand):
    help = "Import the Polri regional units from units/data/units.csv (safe to run again)."

    def handle(self, *args, **options):
        created, total = load_units()
        self.stdout.write(f"Units: {created} created, {total - created} already present.")
