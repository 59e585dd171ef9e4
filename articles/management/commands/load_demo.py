"""Load demo content: units, sections, staff accounts, the seed article and 32 more stories.

Safe to run again: everything is matched by a natural key and nothing is duplicated.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import navigation
from articles.demo.images import draw_featured_image
from articles.demo.stories import STORIES
from articles.models import Article, Category
from units.loader import load_units
from units.models import Unit

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"
SEED_PAGE = DEMO_DIR / "portal-article-page.txt"
DEMO_PASSWORD = "newsroom-demo-2026"  # development only; printed by `make run`

CATEGORIES = [
    ("Humas Polri", "humas-polri"),
    ("Kamtibmas", "kamtibmas"),
    ("Lalu Lintas", "lalu-lintas"),
    ("Reserse", "reserse"),
    ("Binmas", "binmas"),
    ("Kegiatan Sosial", "kegiatan-sosial"),
]
# username, display name, unit, role group, superuser
STAFF = [
    ("admin", "Administrator Portal", "Mabes Polri", "Administrator", True),
    ("editor.sulsel", "Bidhumas Polda Sulsel", "Polda Sulsel", "Editor", False),
    ("operator.makassar", "Humas Polrestabes Makassar", "Polrestabes Makassar", "Operator", False),
    ("moderator", "Moderator Komentar", "Mabes Polri", "Moderator", False),
    ("operator.jabar", "Humas Polda Jabar", "Polda Jabar", "Operator", False),
]
# Stories on the desk, not yet public: (title, unit, author, status, hours from now to publish).
DESK_STORIES = [
    (
        "Polrestabes Makassar Siapkan Pengamanan Festival Pantai Losari",
        "Polrestabes Makassar",
        "operator.makassar",
        Article.Status.DRAFT,
        None,
    ),
    (
        "Polsek Tallo Gelar Sosialisasi Bahaya Narkoba di Sekolah",
        "Polsek Tallo",
        "operator.makassar",
        Article.Status.IN_REVIEW,
        None,
    ),
    (
        "Polres Gowa Bentuk Satgas Pengamanan Jalur Wisata Malino",
        "Polres Gowa",
        "editor.sulsel",  # Gowa is beside Makassar, not beneath it: Sulsel's desk writes it
        Article.Status.IN_REVIEW,
        None,
    ),
    (
        "Polda Sulsel Luncurkan Layanan Pengaduan Daring Bidhumas",
        "Polda Sulsel",
        "editor.sulsel",
        Article.Status.PUBLISHED,
        24,
    ),
    (
        "Polda Jabar Siagakan Personel di Jalur Mudik Nagreg",
        "Polda Jabar",
        "operator.jabar",
        Article.Status.DRAFT,
        None,
    ),
]
DEMO_UNITS = [
    "Polda Sulsel",
    "Polrestabes Makassar",
    "Polres Gowa",
    "Polsek Tallo",
    "Polda Jabar",
    "Polda Metro Jaya",
    "Polda Bali",
    "Polda Papua",
]
SEED_TAGS = ["Rakernis", "Humas Polri", "Pilkada 2018", "Media Sosial", "Hoax"]
SEED_PUBLISHED = datetime.datetime(2018, 4, 26, 10, 15, tzinfo=ZoneInfo("Asia/Makassar"))


def parse_seed_page(path=SEED_PAGE):
    """Title and body paragraphs of the portal page, with the typed dateline removed
    (the site prints it from the article's unit)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    title = lines[0]
    paragraphs = []
    for line in lines[1:]:
        if line == "0 Comments":
            break
        if line:
            paragraphs.append(line)
    dateline = "tribratanews.polri.go.id – SULAWESI SELATAN. "
    if paragraphs and paragraphs[0].startswith(dateline):
        paragraphs[0] = paragraphs[0][len(dateline) :]
    return title, paragraphs


def as_html(paragraphs):
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


class Command(BaseCommand):
    help = "Load demo units, sections, staff accounts and stories (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        created_units, _ = load_units()
        categories = {
            name: Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})[
                0
            ]
            for i, (name, slug) in enumerate(CATEGORIES)
        }
        navigation.forget_sections()
        staff = self.create_staff()
        articles_before = Article.objects.count()
        self.create_seed_article(categories["Humas Polri"], staff["editor.sulsel"])
        self.create_demo_stories(categories, staff)
        self.create_desk_stories(categories["Humas Polri"], staff)
        new_articles = Article.objects.count() - articles_before
        self.stdout.write(
            f"Demo content: {created_units} units, {new_articles} stories added "
            f"({Article.objects.count()} in all)."
        )
        self.stdout.write("Demo accounts (development only), password: " + DEMO_PASSWORD)
        for username, _display, unit, role, _su in STAFF:
            self.stdout.write(f"  {username:<20} {role:<14} {unit}")

    def create_staff(self):
        User = get_user_model()
        accounts = {}
        for username, display_name, unit_name, role, is_superuser in STAFF:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "display_name": display_name,
                    "email": f"{username}@humas.example.id",
                    "unit": Unit.objects.get(short_name=unit_name),
                    "is_staff": True,
                    "is_superuser": is_superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            group = Group.objects.filter(name=role).first()  # roles arrive with the desk
            if group:
                user.groups.add(group)
            accounts[username] = user
        return accounts

    def create_seed_article(self, category, author):
        title, paragraphs = parse_seed_page()
        if Article.objects.filter(title=title).exists():
            return
        article = Article(
            title=title,
            unit=Unit.objects.get(short_name="Polda Sulsel"),
            category=category,
            author=author,
            lead=paragraphs[0],
            body=as_html(paragraphs),
            status=Article.Status.PUBLISHED,
            publish_at=SEED_PUBLISHED,
            went_live_at=SEED_PUBLISHED,
            image_caption="Kapolda Sulsel membuka Rakernis Humas 2018 di Hotel Harper Makassar.",
            image_credit="Bidhumas Polda Sulsel",
            image_alt="Kapolda Sulsel berdiri di podium saat membuka Rakernis Humas 2018",
        )
        article.featured_image.save(
            "rakernis-humas-polda-sulsel.jpg",
            ContentFile(draw_featured_image("Rakernis Humas 2018", seed=2018)),
            save=False,
        )
        article.save()
        article.tags.add(*SEED_TAGS)

    def create_demo_stories(self, categories, staff):
        number = 0
        for unit_index, unit_name in enumerate(DEMO_UNITS):
            unit = Unit.objects.get(short_name=unit_name)
            for story_index, (title, category, tags, paragraphs) in enumerate(STORIES):
                if (unit_index + story_index) % 2:  # four stories per unit, varied
                    continue
                number += 1
                city = unit.hq_city or unit.province
                title_text = title.format(unit=unit.short_name, city=city)
                if Article.objects.filter(title=title_text).exists():
                    continue
                texts = [p.format(unit=unit.short_name, city=city) for p in paragraphs]
                publish_at = SEED_PUBLISHED - datetime.timedelta(hours=7 * number + unit_index)
                article = Article(
                    title=title_text,
                    unit=unit,
                    category=categories[category],
                    author=self.demo_author(unit, staff),
                    lead=texts[0],
                    body=as_html(texts),
                    status=Article.Status.PUBLISHED,
                    # Older than the seed article, so the seed leads the home page.
                    publish_at=publish_at,
                    went_live_at=publish_at,
                    image_caption=texts[0][:120],
                    image_credit=f"Humas {unit.short_name}",
                    image_alt=f"Kegiatan {unit.short_name}: {category}",
                )
                article.featured_image.save(
                    f"demo-{number}.jpg",
                    ContentFile(draw_featured_image(category, seed=number)),
                    save=False,
                )
                article.save()
                article.tags.add(*tags, unit.short_name)

    def create_desk_stories(self, category, staff):
        """Drafts, stories in review and one scheduled story, so the desk has work on it."""
        for title, unit_name, username, status, hours in DESK_STORIES:
            if Article.objects.filter(title=title).exists():
                continue
            unit = Unit.objects.get(short_name=unit_name)
            paragraphs = [
                f"{title}. Kegiatan ini disiapkan oleh Humas {unit.short_name}.",
                "Naskah ini masih di meja redaksi dan belum tampil untuk publik.",
            ]
            with reversion.create_revision():
                article = Article.objects.create(
                    title=title,
                    unit=unit,
                    category=category,
                    author=staff[username],
                    lead=paragraphs[0],
                    body=as_html(paragraphs),
                    status=status,
                    publish_at=timezone.now() + datetime.timedelta(hours=hours) if hours else None,
                )
                reversion.set_user(staff[username])
                reversion.set_comment("Demo")
            article.tags.add(unit.short_name)

    @staticmethod
    def demo_author(unit, staff):
        """The writer of the unit nearest above the story's (itself included) among the demo's
        staff: Jabar's stories are Jabar's, not Sulsel's; the national desk writes the rest."""
        writers = [member for name, member in staff.items() if name != "moderator"]
        above = [member for member in writers if unit.path.startswith(member.unit.path)]
        return max(above, key=lambda member: len(member.unit.path))
