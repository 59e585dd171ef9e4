from django.core.management.base import BaseCommand

from articles.viewcounts import flush_view_counts


class Command(BaseCommand):
    help = "Move the story views counted in the cache into the database (run it every minute)."

    def handle(self, *args, **options):
        written = flush_view_counts()
        if options["verbosity"] > 1 or written:
            self.stdout.write(f"{written} views written.")
