"""Catch up with scheduled stories whose time has come. Run it every minute (cron, systemd
timer or the platform's scheduler): `manage.py publish_scheduled`.

Readers never wait for it: the public queryset already treats publish_at <= now as live.
It runs what must follow a publication (articles.services.on_published) exactly once per
story, however late it runs, because each story records when it was caught up.
"""

from django.core.management.base import BaseCommand

from articles.services import publish_due_stories


class Command(BaseCommand):
    help = "Run the publication hook for scheduled stories that have gone live."

    def handle(self, *args, **options):
        caught_up = publish_due_stories()
        for article in caught_up:
            self.stdout.write(f"live: {article.pk} {article.title}")
        self.stdout.write(f"{len(caught_up)} scheduled stories caught up.")
