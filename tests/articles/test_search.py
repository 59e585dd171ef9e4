"""Search: PostgreSQL full-text with Indonesian stemming, ranking, highlighting and filters;
the LIKE fallback used on SQLite; and input that must never break the page."""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory
from units.models import Unit

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def result_titles(response):
    """Titles of the results, in order, as a reader sees them (highlighting removed)."""
    titles = re.findall(
        r'<li class="search-result">.*?<h2><a [^>]*>(.*?)</a></h2>', _html(response), re.S
    )
    return [re.sub(r"</?mark>", "", title) for title in titles]


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


@on_postgresql
@pytest.mark.parametrize(
    "query,title",
    [
        ("membuka", "Polres Gowa Buka Posko Pengamanan Mudik Lebaran"),
        ("pembukaan", "Kapolda Sulsel Membuka Rakernis Humas di Makassar"),
        ("diamankan", "Polsek Tallo Amankan Dua Pelaku Curanmor"),
        ("kebakaran", "Personel Sabhara Bantu Padamkan Rumah Warga yang Terbakar"),
        ("kebanjiran", "Polda Jabar Evakuasi Warga Korban Banjir di Bandung"),
    ],
)
def test_search_matches_other_forms_of_the_same_indonesian_word(client, units, query, title):
    ArticleFactory(title=title, unit=units["Polda Sulsel"])
    ArticleFactory(title="Polisi Gelar Patroli Dialogis Malam Minggu", unit=units["Polda Sulsel"])
    assert result_titles(client.get("/cari/", {"q": query})) == [title]


@on_postgresql
def test_title_match_ranks_above_lead_match_above_body_match(client, units):
    now = timezone.now()
    in_body = ArticleFactory(
        title="Kapolres Gowa Pimpin Apel Siaga Bencana",
        lead="Seluruh personel diminta siap siaga menghadapi musim hujan.",
        body="<p>Apel digelar di halaman Mapolres Gowa. Kapolres mengingatkan potensi banjir "
        "di wilayah dataran rendah dan meminta personel memantau titik rawan banjir serta "
        "membantu warga yang rumahnya terendam banjir.</p>",
        unit=units["Polres Gowa"],
        publish_at=now - datetime.timedelta(hours=1),  # the newest, yet ranked last
    )
    in_lead = ArticleFactory(
        title="Polsek Tallo Dirikan Posko Siaga di Bantaran Sungai",
        lead="Posko didirikan untuk membantu warga menghadapi banjir musiman.",
        body="<p>Personel berjaga selama dua puluh empat jam di posko.</p>",
        unit=units["Polsek Tallo"],
        publish_at=now - datetime.timedelta(hours=2),
    )
    in_title = ArticleFactory(
        title="Polda Sulsel Evakuasi Warga Korban Banjir di Makassar",
        lead="Puluhan personel dikerahkan ke lokasi.",
        body="<p>Warga dibawa ke tempat pengungsian yang aman.</p>",
        unit=units["Polda Sulsel"],
        publish_at=now - datetime.timedelta(hours=3),
    )
    titles = result_titles(client.get("/cari/", {"q": "banjir"}))
    assert titles == [in_title.title, in_lead.title, in_body.title]


@on_postgresql
def test_function_words_in_a_query_are_not_required_but_phrases_keep_them(client, units):
    """The 'indonesian' configuration has no stop words: 'yang' and 'di' are indexed, so a
    query that demanded them would miss stories whose text happens not to use them."""
    ArticleFactory(
        title="Warga yang Menemukan Dompet di Jalan Serahkan ke Polisi",
        body="<p>Dompet berisi uang diserahkan ke Polsek Denpasar Barat.</p>",
        unit=units["Polda Bali"],
    )
    wanted = ArticleFactory(
        title="Polisi Tangkap Pengedar Sabu Denpasar",
        lead="Barang bukti diamankan.",
        body="<p>Pelaku ditangkap saat bertransaksi.</p>",
        unit=units["Polda Bali"],
    )
    assert result_titles(client.get("/cari/", {"q": "sabu yang di denpasar"})) == [wanted.title]
    assert result_titles(client.get("/cari/", {"q": '"dompet di jalan"'})) == [
        "Warga yang Menemukan Dompet di Jalan Serahkan ke Polisi"
    ]
    assert result_titles(client.get("/cari/", {"q": "yang"})) == [
        "Warga yang Menemukan Dompet di Jalan Serahkan ke Polisi"
    ]


@on_postgresql
def test_results_highlight_matches_and_escape_everything_else(client, units):
    ArticleFactory(
        title="Banjir <i>Bandang</i> Terjang Desa & Polisi Bergerak",
        lead='Warga <script>alert("lead")</script> mengungsi karena banjir.',
        body="<p>Air banjir setinggi 5 &lt; 6 meter &amp; arus deras.</p>"
        '<p onclick="x()">Polisi membantu evakuasi korban banjir.</p>',
        unit=units["Polda Jabar"],
    )
    html = _html(client.get("/cari/", {"q": "banjir"}))
    result = html[html.index('class="search-results"') :]
    assert "<mark>Banjir</mark> &lt;i&gt;Bandang&lt;/i&gt; Terjang Desa &amp; Polisi" in result
    assert "Air <mark>banjir</mark> setinggi 5 &lt; 6 meter &amp; arus deras." in result
    assert "<script>alert" not in html
    assert "mengungsi karena <mark>banjir</mark>." in result
    assert "onclick" not in result
    tags_in_results = set(re.findall(r"<(/?\w+)", result.split("</ol>")[0]))
    assert tags_in_results <= {
        "li",
        "/li",
        "p",
        "/p",
        "a",
        "/a",
        "h2",
        "/h2",
        "mark",
        "/mark",
        "time",
        "/time",
    }


@on_postgresql
def test_search_vector_follows_every_kind_of_save(client, units):
    article = ArticleFactory(title="Polisi Amankan Konser Musik", unit=units["Polda Bali"])
    article.title = "Polisi Kawal Pawai Budaya"
    article.save()
    assert result_titles(client.get("/cari/", {"q": "pawai"})) == ["Polisi Kawal Pawai Budaya"]
    assert result_titles(client.get("/cari/", {"q": "konser"})) == []
    Article.objects.filter(pk=article.pk).update(title="Polisi Jaga Festival Layang-layang")
    assert result_titles(client.get("/cari/", {"q": "festival"})) == [
        "Polisi Jaga Festival Layang-layang"
    ]


@on_postgresql
def test_web_search_operators_work(client, units):
    gowa = ArticleFactory(title="Operasi Zebra Digelar di Gowa", unit=units["Polres Gowa"])
    tallo = ArticleFactory(title="Operasi Zebra Digelar di Tallo", unit=units["Polsek Tallo"])
    other = ArticleFactory(title="Operasi Ketupat Digelar di Bali", unit=units["Polda Bali"])
    assert result_titles(client.get("/cari/", {"q": "operasi zebra -gowa"})) == [tallo.title]
    assert set(result_titles(client.get("/cari/", {"q": '"operasi zebra"'}))) == {
        gowa.title,
        tallo.title,
    }
    assert set(result_titles(client.get("/cari/", {"q": "ketupat or tallo"}))) == {
        tallo.title,
        other.title,
    }


@on_postgresql
def test_a_word_found_everywhere_ranks_the_newest_matches_only(client, units, monkeypatch):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 3)
    now = timezone.now()
    for age in range(5):
        ArticleFactory(
            title=f"Polisi Hadir Nomor {age}" if age != 4 else "Polisi Polisi Polisi",
            unit=units["Polda Bali"],
            publish_at=now - datetime.timedelta(days=age),
        )
    response = client.get("/cari/", {"q": "polisi"})
    assert result_titles(response) == [f"Polisi Hadir Nomor {age}" for age in range(3)]
    assert "Lebih dari 3 berita ditemukan" in _html(response)


@on_postgresql
def test_old_stories_are_found_and_ranked_with_recent_ones(client, units):
    """Search reads the last year first; older stories join when it holds too few."""
    recent_body_match = ArticleFactory(
        title="Polisi Bantu Warga Mengungsi",
        body="<p>Warga mengungsi karena banjir di bantaran sungai.</p>",
        unit=units["Polda Jabar"],
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    old_title_match = ArticleFactory(
        title="Banjir Bandang Terjang Garut",
        unit=units["Polda Jabar"],
        publish_at=datetime.datetime(2018, 2, 1, tzinfo=datetime.UTC),
    )
    assert result_titles(client.get("/cari/", {"q": "banjir"})) == [
        old_title_match.title,
        recent_body_match.title,
    ]


@pytest.mark.parametrize(
    "status,offset",
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.IN_REVIEW, -1),
        (Article.Status.UNPUBLISHED, -1),
        (Article.Status.PUBLISHED, +1),  # scheduled for tomorrow
    ],
)
@pytest.mark.parametrize("full_text", [True, False])
def test_unpublished_stories_are_never_found(client, units, monkeypatch, status, offset, full_text):
    if full_text and connection.vendor != "postgresql":
        pytest.skip("full-text search runs on PostgreSQL")
    monkeypatch.setattr(search, "uses_full_text", lambda: full_text)
    ArticleFactory(
        title="Rencana Operasi Rahasia Penangkapan Bandar",
        lead="Rahasia.",
        body="<p>Rahasia.</p>",
        status=status,
        publish_at=timezone.now() + datetime.timedelta(days=offset),
        unit=units["Polda Jabar"],
        tags=["Rahasia Negara"],
    )
    response = client.get("/cari/", {"q": "rahasia"})
    assert result_titles(response) == []
    html = _html(response)
    assert "Penangkapan Bandar" not in html
    assert "Rahasia Negara" not in html  # nor among the suggested topics


def test_filters_by_unit_and_the_units_beneath_it_category_and_dates(client, units):
    lalu_lintas = CategoryFactory(name="Lalu Lintas", slug="lalu-lintas")

    def wib(day):
        return datetime.datetime(2026, 3, day, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

    tallo = ArticleFactory(
        title="Patroli Sepeda Motor di Tallo",
        unit=units["Polsek Tallo"],
        category=lalu_lintas,
        publish_at=wib(1),
    )
    sulsel = ArticleFactory(
        title="Patroli Perairan Polda Sulsel", unit=units["Polda Sulsel"], publish_at=wib(10)
    )
    jabar = ArticleFactory(
        title="Patroli Malam Polda Jabar",
        unit=units["Polda Jabar"],
        category=lalu_lintas,
        publish_at=wib(12),
    )

    def titles(**params):
        return set(result_titles(client.get("/cari/", {"q": "patroli", **params})))

    assert titles() == {tallo.title, sulsel.title, jabar.title}
    assert titles(unit="polda-sulsel") == {tallo.title, sulsel.title}
    assert titles(unit="polrestabes-makassar") == {tallo.title}
    assert titles(kategori="lalu-lintas") == {tallo.title, jabar.title}
    assert titles(dari="2026-03-05") == {sulsel.title, jabar.title}
    assert titles(dari="2026-03-05", sampai="2026-03-10") == {sulsel.title}
    assert titles(sampai="2026-03-01") == {tallo.title}
    assert titles(unit="polda-sulsel", kategori="lalu-lintas") == {tallo.title}


def filter_options(html, name):
    """(value, label, selected) of each option of the filter `name`, in order."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, unescape(label), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>(.*?)</option>', select
        )
    ]


def test_the_filters_list_every_unit_in_the_hierarchy_and_keep_the_readers_choice(client, units):
    CategoryFactory(name="Lalu Lintas & <Jalan>", slug="lalu-lintas")

    html = _html(client.get("/cari/", {"q": "patroli", "unit": "polrestabes-makassar"}))

    unit_options = filter_options(html, "unit")
    assert unit_options[0] == ("", "Semua satuan", False)
    labels = [label for _, label, _ in unit_options]
    # Tree order, each unit indented beneath its parent.
    assert (
        labels.index("\xa0\xa0Polda Sulsel")
        < labels.index("\xa0\xa0\xa0\xa0Polrestabes Makassar")
        < labels.index("\xa0\xa0\xa0\xa0\xa0\xa0Polsek Tallo")
    )
    assert len(unit_options) == 1 + Unit.objects.active().count()  # not the planned Polda
    assert [value for value, _, selected in unit_options if selected] == ["polrestabes-makassar"]
    section_options = filter_options(html, "kategori")
    assert ("lalu-lintas", "Lalu Lintas & <Jalan>", False) in section_options
    assert "Lalu Lintas &amp; &lt;Jalan&gt;" in html  # a name is text, never markup


def test_bad_filters_are_explained_and_do_not_break_the_search(client, units):
    ArticleFactory(title="Patroli Dialogis di Pasar", unit=units["Polda Bali"])
    response = client.get(
        "/cari/", {"q": "patroli", "unit": "tidak-ada", "dari": "2026-13-45", "kategori": "x"}
    )
    assert result_titles(response) == ["Patroli Dialogis di Pasar"]
    html = _html(response)
    assert "Masukkan pilihan yang valid" in html  # the unknown unit and section
    assert "Masukkan tanggal yang valid" in html
    april = datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC)
    ArticleFactory(title="Patroli Pagi di Terminal", unit=units["Polda Bali"], publish_at=april)
    response = client.get("/cari/", {"q": "patroli", "dari": "2026-05-02", "sampai": "2026-05-01"})
    assert "Tanggal akhir lebih awal dari tanggal mulai." in _html(response)
    # Neither date applies: not only the one that was valid alone.
    assert sorted(result_titles(response)) == [
        "Patroli Dialogis di Pasar",
        "Patroli Pagi di Terminal",
    ]


def test_results_are_paginated_and_keep_the_query(client, units, settings):
    for n in range(settings.NEWSROOM_PAGE_SIZE + 1):
        ArticleFactory(title=f"Vaksinasi Massal Tahap {n}", unit=units["Polda Bali"])
    first = client.get("/cari/", {"q": "vaksinasi", "unit": "polda-bali"})
    assert len(result_titles(first)) == settings.NEWSROOM_PAGE_SIZE
    assert "?q=vaksinasi&amp;unit=polda-bali&amp;page=2" in _html(first)
    second = client.get("/cari/", {"q": "vaksinasi", "unit": "polda-bali", "page": 2})
    assert len(result_titles(second)) == 1


@pytest.mark.parametrize("query", ["", " ", "a", " b ", "\x00"])
def test_empty_or_one_character_query_does_not_search(client, units, query):
    ArticleFactory(title="a", unit=units["Polda Bali"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cari/", {"q": query})
    assert "Ketik sedikitnya dua huruf untuk mencari." in _html(response)
    assert not [q["sql"] for q in queries if "articles_article" in q["sql"]]
    assert len(queries) <= 1  # only the section navigation in the header


@pytest.mark.parametrize(
    "query",
    [
        "banjir " * 1500,
        "x" * 10000,
        "\" & | ! <-> :* ( ) \\ ' -- OR AND NOT ;",
        "banjir & (gowa | !tallo):*",
        "-",
        '"',
        "\x00banjir\x00",
        "banjir\u0000; DROP TABLE articles_article; --",
        "<script>alert(1)</script>",
        "🚓🚓 banjir",
    ],
)
def test_any_query_gets_a_page_never_an_error(client, units, query):
    ArticleFactory(title="Polisi Bantu Korban Banjir", unit=units["Polda Bali"])
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in _html(response)
    assert Article.objects.count() == 1


def test_no_results_suggest_popular_topics_and_dropping_filters(client, units):
    ArticleFactory(title="Kapolda Resmikan Gedung Baru", unit=units["Polda Bali"], tags=["Humas"])
    ArticleFactory(title="Bakti Sosial Bhayangkara", unit=units["Polda Bali"], tags=["Humas"])
    ArticleFactory(
        title="Draf Topik Tersembunyi",
        unit=units["Polda Bali"],
        tags=["Topik Draf"],
        status=Article.Status.DRAFT,
    )
    html = _html(client.get("/cari/", {"q": "qwertyuiop", "unit": "polda-bali"}))
    assert "Tidak ditemukan hasil untuk “qwertyuiop”." in html
    assert 'href="/tag/humas/"' in html
    assert "Topik Draf" not in html
    assert 'href="/cari/?q=qwertyuiop"' in html  # the same search without the filters


def test_fallback_search_without_postgresql_finds_every_word_and_marks_it(
    client, units, monkeypatch
):
    """What SQLite uses (and what PostgreSQL would, were full-text off): LIKE on each word."""
    monkeypatch.setattr(search, "uses_full_text", lambda: False)
    now = timezone.now()
    in_body = ArticleFactory(
        title="Polisi Bagikan Masker",
        body="<p>Personel Polres Gowa membagikan masker kepada pengendara di Jalan Poros.</p>",
        unit=units["Polres Gowa"],
        publish_at=now - datetime.timedelta(hours=1),
    )
    in_title = ArticleFactory(
        title="Pengendara di Gowa Terima Helm Gratis",
        unit=units["Polres Gowa"],
        publish_at=now - datetime.timedelta(hours=5),
    )
    ArticleFactory(title="Pengendara di Bali Tertib", unit=units["Polda Bali"])
    response = client.get("/cari/", {"q": "pengendara gowa"})
    assert result_titles(response) == [in_title.title, in_body.title]
    html = _html(response)
    assert "<mark>Pengendara</mark> di <mark>Gowa</mark> Terima Helm Gratis" in html
    assert "masker kepada <mark>pengendara</mark>" in html


@pytest.mark.parametrize("full_text", [True, False], ids=["postgresql", "fallback"])
def test_a_snippet_reads_a_lead_the_body_opens_with_once(client, units, monkeypatch, full_text):
    if full_text and connection.vendor != "postgresql":
        pytest.skip("full-text search runs on PostgreSQL")
    monkeypatch.setattr(search, "uses_full_text", lambda: full_text)
    opening = "Kapolda Sulsel & Pangdam membuka Rakernis Humas di Makassar."
    ArticleFactory(
        title="Rakernis Humas Dibuka",
        lead=opening,
        # As the sanitiser stores it: "&amp;".
        body="<p>Kapolda Sulsel &amp; Pangdam membuka Rakernis Humas di Makassar.</p>"
        "<p>Acara dihadiri seluruh Kapolres.</p>",
        unit=units["Polda Sulsel"],
    )
    ArticleFactory(
        title="Rakernis Humas Ditutup",
        lead="Ringkasan penutupan rakernis.",
        body="<p>Kapolda menutup rakernis dengan pesan.</p>",
        unit=units["Polda Sulsel"],
    )
    html = _html(client.get("/cari/", {"q": "rakernis"}))
    text = re.sub(r"</?mark>", "", html)
    assert text.count("Kapolda Sulsel &amp; Pangdam membuka Rakernis Humas di Makassar.") == 1
    assert "Ringkasan penutupan rakernis. Kapolda menutup rakernis" in text  # a lead of its own


def test_a_result_from_a_deactivated_unit_names_it_without_a_dead_link(client, units):
    makassar = units["Polrestabes Makassar"]
    ArticleFactory(title="Patroli Malam di Pantai Losari", unit=makassar)
    makassar.active = False
    makassar.save()

    html = _html(client.get("/cari/", {"q": "losari"}))

    assert "Polrestabes Makassar" in html
    assert f'href="{makassar.get_absolute_url()}"' not in html
