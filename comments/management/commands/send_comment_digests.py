from django.conf import settings
from django.core.management.base import BaseCommand

from comments.notifications import send_due_digests


class Command(BaseCommand):
    help = "Email moderators the held comments they are owed a digest for (run every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=f"https://{settings.NEWSROOM_SITE_DOMAIN}",
            help="Base address for the links in the email.",
        )

    def handle(self, *args, **options):
        sent = send_due_digests(options["site_url"])
        self.stdout.write(f"Digests sent: {sent}")
