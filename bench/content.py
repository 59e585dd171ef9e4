"""Generated content for the benchmark: fast bulk inserts, realistic shapes."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category
from units.loader import load_units
from units.models import Unit

WORDS = (
    "polisi polda polres polsek kapolda kapolres warga masyarakat keamanan ketertiban patroli "
    "operasi lalu lintas pengamanan kegiatan bakti sosial bantuan banjir kebakaran pencurian "
    "narkoba penangkapan tersangka barang bukti sosialisasi pemilu hoaks media sosial sekolah "
    "pelajar jalan raya pasar tokoh agama kunjungan apel personel pelayanan publik presisi"
).split()
BENCH_MARK = "[bench]"


def sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


@transaction.atomic
def generate_content(article_total, comment_total):
    rng = random.Random(7)
    load_units()
    units = list(Unit.objects.active())
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in [
            ("Kamtibmas", "kamtibmas"),
            ("Lalu Lintas", "lalu-lintas"),
            ("Humas Polri", "humas-polri"),
            ("Reserse", "reserse"),
        ]
    ]
    User = get_user_model()
    author, _ = User.objects.get_or_create(
        username="bench.author", defaults={"display_name": "Humas Bench"}
    )
    existing = Article.objects.filter(lead__startswith=BENCH_MARK).count()
    tags = [
        Tag.objects.get_or_create(name=f"topik {n}", defaults={"slug": f"topik-{n}"})[0]
        for n in range(200)
    ]
    now = timezone.now()
    batch = []
    for n in range(existing, article_total):
        title = f"{sentence(rng, 7)[:-1]} {n}"
        article = Article(
            title=title,
            slug=f"bench-{n}",
            unit=units[n % len(units)],
            category=categories[n % len(categories)],
            author=author,
            lead=f"{BENCH_MARK} {sentence(rng)}",
            body="".join(f"<p>{sentence(rng, 25)}</p>" for _ in range(6)),
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(minutes=37 * n + 5),
        )
        article.date_in_unit_zone()  # as save() would: bulk_create skips it
        batch.append(article)
        if len(batch) == 2000:
            _insert_articles(batch, tags, rng)
            batch = []
    if batch:
        _insert_articles(batch, tags, rng)
    generate_comments(comment_total, rng)


def _insert_articles(batch, tags, rng):
    from django.contrib.contenttypes.models import ContentType

    created = Article.objects.bulk_create(batch)
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tag, object_id=article.pk, content_type=content_type)
        for article in created
        for tag in rng.sample(tags, 3)
    )


def generate_comments(total, rng):
    """Approved comments: 500 on the newest story (the one the benchmark reads), the rest
    spread over the others; then the denormalised counts, in one statement."""
    from django.db import connection

    from comments.models import Comment, CommentSettings, author_key_for, text_fingerprint

    settings, _ = CommentSettings.objects.get_or_create(pk=1)
    # Every wrk connection posts from 127.0.0.1 within milliseconds: no flood or speed limit.
    settings.flood_seconds = 0
    settings.min_seconds_to_post = 0
    settings.save()
    existing = Comment.objects.count()
    if existing >= total:
        return
    articles = list(
        Article.objects.filter(lead__startswith=BENCH_MARK)
        .order_by("-publish_at")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    batch = []
    for n in range(existing, total):
        article_id = articles[0] if n < 500 else articles[1 + n % (len(articles) - 1)]
        email = f"pembaca{n}@example.id"
        text = f"{sentence(rng, 14)} ({n})"
        batch.append(
            Comment(
                article_id=article_id,
                author_name=f"Pembaca {n}",
                author_email=email,
                author_key=author_key_for(None, email),
                text=text,
                fingerprint=text_fingerprint(text),
                status=Comment.Status.APPROVED,
                created_at=now - datetime.timedelta(seconds=total - n),
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    if batch:
        Comment.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET comment_count = c.n FROM "
            "(SELECT article_id, COUNT(*) AS n FROM comments_comment WHERE status = %s "
            "GROUP BY article_id) AS c WHERE c.article_id = articles_article.id",
            [Comment.Status.APPROVED],
        )


def forget_posted_comments():
    """Delete what earlier runs' comment POST row left on the bench story (thousands of held
    comments a run, which its thread query reads past): every run measures the same story.
    Run before generate_content(), which counts the comments there are."""
    from comments.models import Comment

    posted = Comment.objects.filter(
        article=bench_article(),
        status__in=[Comment.Status.PENDING, Comment.Status.SPAM],
        author_name="Pembaca Bench",
        author_email__endswith="@example.id",
    )
    deleted, _ = posted.delete()
    return deleted


def bench_article():
    """The newest generated story: most comments go there."""
    return (
        Article.objects.published()
        .filter(lead__startswith=BENCH_MARK)
        .order_by("-publish_at")
        .first()
    )


def scenario_urls():
    """The pages the benchmark drives: the bench article, home, a Polda."""
    article = bench_article()
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "unit": Unit.objects.get(short_name="Polda Sulsel").get_absolute_url(),
        "search": "/cari/?q=patroli+keamanan",
        "_comment_post": reverse("comments:post", args=[article.pk]),
    }


def story_paths():
    """Every published story's address, shuffled the same way each run."""
    paths = [article.get_absolute_url() for article in Article.objects.published()]
    random.Random(11).shuffle(paths)
    return paths


def stale_session_cookie():
    """A session cookie whose session has ended (expired, or logged out elsewhere): a key of
    the shape Django issues that the database no longer holds."""
    from django.conf import settings

    return with_csrf_cookie(f"{settings.SESSION_COOKIE_NAME}={'0' * 27}stale")


def with_csrf_cookie(cookie):
    """`cookie` and the CSRF cookie a returning browser holds beside it (set when it signed in,
    posted a comment, or site.js fetched a form token): without it every page would mint a new
    CSRF secret and set a cookie, as for nobody but a first visit."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{cookie}; {settings.CSRF_COOKIE_NAME}={secret}"


def signed_in_reader_cookie():
    """A session cookie of a signed-in reader (no staff rights), as their browser holds it."""
    from django.conf import settings
    from django.test import Client

    User = get_user_model()
    reader, created = User.objects.get_or_create(
        username="bench.reader", defaults={"display_name": "Pembaca Bench"}
    )
    if created:
        reader.set_unusable_password()  # nobody signs in as the bench reader
        reader.save()
    client = Client()
    client.force_login(reader)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return with_csrf_cookie(f"{settings.SESSION_COOKIE_NAME}={session}")


def guest_commenter_cookie():
    """The cookie of a guest who ticked "Save my name…" when they commented."""
    from django.core import signing

    from comments.cookies import AUTHOR_COOKIE, AUTHOR_SALT

    saved = {"name": "Pembaca Bench", "email": "bench@example.id", "website": ""}
    return with_csrf_cookie(
        f"{AUTHOR_COOKIE}={signing.dumps(saved, salt=AUTHOR_SALT, compress=True)}"
    )
