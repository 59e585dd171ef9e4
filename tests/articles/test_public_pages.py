import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

SEED_TITLE = "Kapolda Sulsel Secara Resmi Membuka Rakernis Humas di Hotel Harper Makassar"
SEED_URL = "/berita/2018/04/26/kapolda-sulsel-secara-resmi-membuka-rakernis-humas-di-hotel-harper-makassar/"


def visible_text(response):
    import re

    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_demo_content_reproduces_the_portal_page_and_loads_only_once(client, db):
    """One load of the demo (it draws 33 images), then everything a reader sees of the seed."""
    call_command("load_demo", stdout=StringIO())
    counts = (Article.objects.count(), Article.tags.through.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Article.objects.count(), Article.tags.through.objects.count()) == counts
    assert Article.objects.published().count() >= 31
    for story in Article.objects.select_related("unit", "author__unit"):  # each by its own desk
        assert story.unit.path.startswith(story.author.unit.path), story.title

    home = client.get("/")
    assert home.status_code == 200
    assert SEED_TITLE in visible_text(home)
    assert SEED_URL in home.content.decode()

    text = visible_text(client.get(SEED_URL))
    assert SEED_TITLE in text
    assert (
        "tribratanews.polri.go.id – SULAWESI SELATAN. Kapolda Sulsel Irjen Pol Umar Septono" in text
    )
    assert "Kamis, 26 April 2018 10.15 WITA" in text
    assert "Mengelola trending topik atau topik hangat" in text
    assert "0 Komentar" in text
    for label in (
        "Tinggalkan Komentar",
        "Nama",
        "Email",
        "Situs web",
        "Kirim Komentar",
        "Alamat email Anda tidak akan dipublikasikan.",
    ):
        assert label in text
    for label in (
        "Selamat datang! Masuk ke akun Anda",
        "Nama pengguna atau email",
        "Kata sandi",
        "Ingat saya",
        "Lupa kata sandi?",
        "Lupa Kata Sandi",
        "Kembali ke halaman masuk",
    ):
        assert label in text
    assert "Beranda" in text and "Humas Polri" in text  # breadcrumbs

    english = visible_text(client.get("/en" + SEED_URL))
    assert "Thursday, 26 April 2018 10:15 WITA" in english
    assert "0 Comments" in english
    assert "Leave a Comment" in english and "Post Comment" in english
    assert "Welcome! Login in to your account" in english and "Lost your password?" in english


def test_dateline_is_generated_from_the_unit(client, units):
    article = ArticleFactory(unit=units["Polda Bali"], body="<p>Isi berita.</p>")
    text = visible_text(client.get(article.get_absolute_url()))
    assert "tribratanews.polri.go.id – BALI. Isi berita." in text
    assert "WITA" in text
    papua = ArticleFactory(unit=units["Polda Papua"])
    assert "WIT" in visible_text(client.get(papua.get_absolute_url())).split()


@pytest.mark.parametrize("body", ["\n<p>Isi berita.</p>", "  <p>Isi berita.</p>"])
def test_the_dateline_opens_the_first_paragraph_whatever_space_precedes_it(client, units, body):
    article = ArticleFactory(unit=units["Polda Bali"], body=body)
    assert "tribratanews.polri.go.id – BALI.</strong> Isi berita.</p>" in (
        client.get(article.get_absolute_url()).content.decode()
    )


def test_a_story_without_a_lead_is_summed_up_in_plain_words(client, units):
    article = ArticleFactory(
        unit=units["Polda Bali"],
        lead="",
        body="<p>Polisi &amp; warga membersihkan Jl.&nbsp;Ahmad Yani &lt;Denpasar&gt;</p>",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description == "Polisi &amp; warga membersihkan Jl. Ahmad Yani &lt;Denpasar&gt;"
    assert '"description":"Polisi \\u0026 warga' in html  # JSON-LD


def test_article_date_in_url_follows_the_units_zone(units):
    # 23:30 WIB on 1 May is 1 May in Jakarta but already 2 May in Jayapura (WIT).
    moment = datetime.datetime(2024, 5, 1, 16, 30, tzinfo=datetime.UTC)
    jakarta = ArticleFactory(unit=units["Polda Metro Jaya"], publish_at=moment)
    jayapura = ArticleFactory(unit=units["Polda Papua"], publish_at=moment)
    assert "/berita/2024/05/01/" in jakarta.get_absolute_url()
    assert "/berita/2024/05/02/" in jayapura.get_absolute_url()


def test_date_archives_and_search_dates_follow_the_units_zone(client, units):
    """A story is filed under the day its address and its page show, in its unit's zone."""
    # 00.30 WITA on 26 April is still the 25th in WIB; 00.30 WIT on 1 May is 30 April in WIB.
    makassar = ArticleFactory(
        title="Patroli Dini Hari di Losari",
        unit=units["Polda Sulsel"],
        publish_at=datetime.datetime(2018, 4, 25, 16, 30, tzinfo=datetime.UTC),
    )
    jayapura = ArticleFactory(
        title="Patroli Dini Hari di Jayapura",
        unit=units["Polda Papua"],
        publish_at=datetime.datetime(2018, 4, 30, 15, 30, tzinfo=datetime.UTC),
    )
    assert "/berita/2018/04/26/" in makassar.get_absolute_url()

    def titles(url, **params):
        return client.get(url, params).content.decode()

    assert makassar.title in titles("/berita/2018/04/26/")
    assert makassar.title not in titles("/berita/2018/04/25/")
    assert jayapura.title in titles("/berita/2018/05/")
    assert jayapura.title not in titles("/berita/2018/04/")
    found = titles("/cari/", q="patroli", dari="2018-04-26", sampai="2018-04-26")
    assert "di Losari" in found and "di Jayapura" not in found  # the query word is marked


def test_a_units_new_zone_redates_its_stories(client, units):
    from articles.models import Article
    from tests.desk.test_units_admin import unit_form

    story = ArticleFactory(
        unit=units["Polda Sulsel"],
        publish_at=datetime.datetime(2018, 4, 25, 16, 30, tzinfo=datetime.UTC),
    )
    sulsel = units["Polda Sulsel"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.post(
        f"/admin/units/unit/{sulsel.pk}/change/",
        unit_form(sulsel, tz_name="Asia/Jakarta", tz_label="WIB"),
    )

    assert Article.objects.get(pk=story.pk).publish_date == datetime.date(2018, 4, 25)


def test_wrong_date_in_url_redirects_to_the_canonical_one(client, units):
    article = ArticleFactory(unit=units["Polda Jabar"])
    wrong = reverse(
        "articles:detail", kwargs={"year": 2001, "month": 1, "day": 2, "slug": article.slug}
    )
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_each_page_has_one_address_and_links_to_it(client, units):
    article = ArticleFactory(
        unit=units["Polda Jabar"],
        publish_at=datetime.datetime(2018, 4, 3, 3, 15, tzinfo=datetime.UTC),
    )
    canonical = article.get_absolute_url()
    assert canonical == f"/berita/2018/04/03/{article.slug}/"
    unpadded = client.get(f"/berita/2018/4/3/{article.slug}/?komentar=2")
    assert unpadded.status_code == 301
    assert unpadded["Location"] == f"{canonical}?komentar=2"
    assert client.get(f"/berita/2018/004/003/{article.slug}/").status_code == 404
    for archive, own in [("/berita/2018/4/", "/berita/2018/04/"), ("/en/berita/2018/4/3/", None)]:
        response = client.get(archive)
        assert response.status_code == 301
        assert response["Location"] == (own or "/en/berita/2018/04/03/")
    page = client.get(canonical).content.decode()
    assert f'href="/en{canonical}" hreflang="en"' in page  # the language switch


@pytest.mark.parametrize(
    "status,offset",
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.IN_REVIEW, -1),
        (Article.Status.UNPUBLISHED, -1),
        (Article.Status.PUBLISHED, +1),  # scheduled for tomorrow
    ],
)
def test_unpublished_stories_never_reach_the_public(client, units, status, offset):
    category = CategoryFactory(slug="kamtibmas", name="Kamtibmas")
    hidden = ArticleFactory(
        title="Berita Rahasia Belum Terbit",
        unit=units["Polrestabes Makassar"],
        category=category,
        status=status,
        publish_at=timezone.now() + datetime.timedelta(days=offset),
        tags=["rahasia"],
    )
    ArticleFactory(unit=units["Polrestabes Makassar"], category=category, tags=["rahasia"])
    assert client.get(hidden.get_absolute_url()).status_code == 404
    pages = [
        "/",
        units["Polrestabes Makassar"].get_absolute_url(),
        units["Polda Sulsel"].get_absolute_url(),
        category.get_absolute_url(),
        "/tag/rahasia/",
        hidden.author.get_absolute_url(),
        "/cari/?q=Rahasia",
        f"/berita/{timezone.now().year}/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "Berita Rahasia" not in response.content.decode(), page


def test_unit_page_lists_sub_unit_stories_unless_asked_not_to(client, units):
    own = ArticleFactory(title="Berita Polda Sulsel Sendiri", unit=units["Polda Sulsel"])
    below = ArticleFactory(title="Berita Polsek Tallo di Bawah", unit=units["Polsek Tallo"])
    other = ArticleFactory(title="Berita Polda Jabar Lain", unit=units["Polda Jabar"])
    page = client.get(units["Polda Sulsel"].get_absolute_url()).content.decode()
    assert own.title in page and below.title in page and other.title not in page
    only = client.get(units["Polda Sulsel"].get_absolute_url() + "?cakupan=unit").content.decode()
    assert own.title in only and below.title not in only


def test_inactive_unit_has_no_public_page(client, units):
    assert client.get(units["Polda Papua Selatan"].get_absolute_url()).status_code == 404


def test_author_page_uses_a_public_slug_not_the_login_name(client, units):
    article = ArticleFactory(unit=units["Polda Jabar"])
    url = article.author.get_absolute_url()
    assert article.author.username not in url
    page = client.get(url).content.decode()
    assert article.title in page
    assert article.author.username not in page


def test_related_stories_prefer_shared_tags_then_unit(client, units):
    article = ArticleFactory(unit=units["Polda Jabar"], tags=["banjir", "bakti sosial"])
    two_tags = ArticleFactory(
        title="Dua Tag Sama",
        unit=units["Polda Bali"],
        tags=["banjir", "bakti sosial"],
        publish_at=timezone.now() - datetime.timedelta(days=9),
    )
    one_tag = ArticleFactory(
        title="Satu Tag Sama",
        unit=units["Polda Bali"],
        tags=["banjir"],
        publish_at=timezone.now() - datetime.timedelta(days=8),
    )
    same_unit = ArticleFactory(
        title="Satuan Sama",
        unit=units["Polda Jabar"],
        publish_at=timezone.now() - datetime.timedelta(days=7),
    )
    ArticleFactory(title="Tidak Terkait", unit=units["Polda Bali"])
    related = list(client.get(article.get_absolute_url()).context["related"])
    assert related[:3] == [two_tags, one_tag, same_unit]


@pytest.mark.parametrize(
    "url",
    [
        "/berita/2018/13/40/tidak-ada/",
        "/berita/2018/02/30/tidak-ada/",
        "/berita/9999/12/31/tidak-ada/",
        "/berita/2018/13/",
        "/berita/2018/02/31/",
        "/berita/9999/",
        "/berita/9999/12/31/",  # the day after is past Python's last date
        "/en/berita/9999/12/31/",
        "/berita/2018/04/99999999999999999999/tidak-ada/",
        "/berita/99999999999999999999/04/26/tidak-ada/",
        "/berita/0/",
        "/kategori/tidak-ada/",
        "/tag/tidak-ada/",
        "/unit/tidak-ada/",
        "/penulis/tidak-ada/",
        "/kategori/tidak-ada/?page=abc",
        "/tidak/ada/sama/sekali/",
    ],
)
def test_bad_urls_are_404_never_500(client, units, url):
    ArticleFactory(unit=units["Polda Jabar"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5", "99999999999999999999"])
def test_bad_page_numbers_are_404(client, units, page):
    category = CategoryFactory()
    ArticleFactory(unit=units["Polda Jabar"], category=category)
    response = client.get(category.get_absolute_url(), {"page": page})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page
    # Not a page of its own: no canonical address or share card naming the bad URL.
    assert 'rel="canonical"' not in page and 'property="og:url"' not in page


def test_last_page_keyword_and_pagination(client, units, settings):
    category = CategoryFactory()
    for _ in range(settings.NEWSROOM_PAGE_SIZE + 2):
        ArticleFactory(unit=units["Polda Jabar"], category=category)
    response = client.get(category.get_absolute_url(), {"page": "last"})
    assert response.status_code == 200
    assert len(response.context["articles"]) == 2


def test_search_finds_published_titles(client, units):
    ArticleFactory(title="Operasi Zebra Dimulai di Makassar", unit=units["Polrestabes Makassar"])
    response = client.get("/cari/", {"q": "zebra"})
    assert "Operasi Zebra Dimulai di Makassar" in visible_text(response)
    long_query = client.get("/cari/", {"q": "a" * 10000})
    assert long_query.status_code == 200


def test_home_shows_the_four_newest_stories_of_each_section(client, units):
    """The side column: for each section, its newest public stories, newest first."""
    now = timezone.now()
    kamtibmas = CategoryFactory(slug="kamtibmas", name="Kamtibmas", position=1)
    lalu_lintas = CategoryFactory(slug="lalu-lintas", name="Lalu Lintas", position=2)
    unit = units["Polres Gowa"]
    for hours in range(1, 7):  # the newest is an hour old, the oldest six
        ArticleFactory(
            unit=unit,
            category=kamtibmas,
            title=f"Patroli Kamtibmas Jam {hours}",
            publish_at=now - datetime.timedelta(hours=hours),
        )
    ArticleFactory(unit=unit, category=lalu_lintas, title="Operasi Zebra Dimulai")
    ArticleFactory(
        unit=unit,
        category=lalu_lintas,
        title="Operasi Lilin Dijadwalkan",  # scheduled: published, but not yet
        publish_at=now + datetime.timedelta(hours=2),
    )
    ArticleFactory(unit=unit, category=lalu_lintas, title="Draf Razia", status=Article.Status.DRAFT)

    html = client.get("/").content.decode()
    side = html[html.index('class="layout-side"') :]
    kamtibmas_block = side[side.index('id="cat-kamtibmas"') : side.index('id="cat-lalu-lintas"')]
    shown = re.findall(r"Patroli Kamtibmas Jam (\d)", kamtibmas_block)
    assert shown == ["1", "2", "3", "4"]
    lalu_lintas_block = side[side.index('id="cat-lalu-lintas"') :]
    assert "Operasi Zebra Dimulai" in lalu_lintas_block
    assert "Operasi Lilin" not in html and "Draf Razia" not in html


def test_the_migration_dates_every_existing_story_in_its_units_zone(units):
    import importlib

    from django.apps import apps

    from articles.models import Article

    migration = importlib.import_module("articles.migrations.0006_article_publish_date")
    story = ArticleFactory(
        unit=units["Polda Papua"],
        publish_at=datetime.datetime(2018, 4, 30, 15, 30, tzinfo=datetime.UTC),
    )
    draft = ArticleFactory(unit=units["Polda Papua"], status="draft", publish_at=None)
    Article.objects.update(publish_date=None)  # as the column is before the migration

    migration.date_every_story(apps, None)

    assert Article.objects.get(pk=story.pk).publish_date == datetime.date(2018, 5, 1)
    assert Article.objects.get(pk=draft.pk).publish_date is None


def test_on_english_pages_the_newsrooms_indonesian_is_marked_as_such(client, units):
    """A screen reader reads a story's words as Indonesian on /en/ (WCAG 3.1.2); the page's
    own words, in English, are not marked."""
    story = ArticleFactory(title="Polisi Amankan Pasar", unit=units["Polda Jabar"])
    indonesian = client.get(story.get_absolute_url()).content.decode()
    assert '<h1 class="story-title">Polisi Amankan Pasar</h1>' in indonesian
    english = client.get("/en" + story.get_absolute_url()).content.decode()
    assert '<h1 class="story-title" lang="id">Polisi Amankan Pasar</h1>' in english
    assert '<div class="story-body" lang="id">' in english
    assert '<html lang="en">' in english
    home = client.get("/en/").content.decode()
    assert 'class="headline-title" lang="id"' in home


def test_a_list_page_goes_from_its_title_to_its_stories_without_skipping_a_level(client, units):
    category = CategoryFactory()
    ArticleFactory(title="Polisi Amankan Pasar", unit=units["Polda Jabar"], category=category)
    page = client.get(category.get_absolute_url()).content.decode()
    assert re.findall(r"<h(\d)", page[page.index("<main") :])[:2] == ["1", "2"]
    assert '<h2 class="card-title"><a href="' in page
