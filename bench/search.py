"""Search latency on 100,000 generated stories in PostgreSQL: a benchmark, not a test.

    .venv/bin/python bench/search.py             # (re)creates newsroom_bench_search, loads, measures
    .venv/bin/python bench/search.py --reuse     # measures again on the database already loaded
    .venv/bin/python bench/search.py --articles 20000
    .venv/bin/python bench/search.py --own-server 1GB   # a private PostgreSQL with that shared_buffers

It creates its own database (dropping a previous one of the same name), migrates it,
loads the units, a few sections and the generated stories (bulk inserts of 2,000; the
search vector is computed by the same trigger as in production), runs ANALYZE, then
times what /cari/ does for 20 representative queries: finding and ranking the candidates
(which also gives the paginator its count) and loading the first page with highlighted
snippets. It prints p50 and p95 per query
and over all runs, with the machine's load average (the two cores are often shared).

With --own-server it first starts a throw-away PostgreSQL cluster of its own (initdb in
a temporary folder, as the postgres user, on port 55433) with the given shared_buffers,
so the figures can be compared with a server sized like production rather than the
development default of 128 MB; the cluster is stopped and deleted at the end.
"""

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB_NAME", "newsroom_bench_search")
OWN_SERVER_PORT = 55433
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")

QUERIES = [
    "banjir",
    "narkoba",
    "membuka rakernis",
    '"operasi zebra"',
    "kecelakaan lalu lintas",
    "curanmor",
    "bakti sosial",
    "hoaks pilkada",
    "kapolda sulsel",
    "sabu makassar",
    "tawuran pelajar",
    "mudik lebaran",
    "teroris",
    "penipuan online",
    "kebakaran rumah",
    "patroli dialogis",
    "vaksinasi massal",
    "pengamanan natal",
    "polisi",  # in nearly every story: the worst case for ranking
    "polres gowa -narkoba",
]
ROUNDS = 10
PAGE_SIZE = 12

REGIONS = [
    ("Sulsel", "Makassar"),
    ("Jabar", "Bandung"),
    ("Jatim", "Surabaya"),
    ("Bali", "Denpasar"),
    ("Sumut", "Medan"),
    ("Papua", "Jayapura"),
    ("Kalbar", "Pontianak"),
    ("Metro Jaya", "Jakarta"),
]
CITIES = [
    "Makassar",
    "Gowa",
    "Maros",
    "Bone",
    "Bandung",
    "Bekasi",
    "Surabaya",
    "Malang",
    "Denpasar",
    "Badung",
    "Medan",
    "Binjai",
    "Jayapura",
    "Pontianak",
    "Parepare",
    "Palopo",
]
SUBJECTS = [
    "Kapolda {region}",
    "Kapolres {city}",
    "Kapolsek {city}",
    "Personel Satlantas Polres {city}",
    "Tim Resmob Polda {region}",
    "Bhabinkamtibmas Polsek {city}",
    "Satreskrim Polres {city}",
    "Ditresnarkoba Polda {region}",
    "Personel Sabhara Polres {city}",
    "Polwan Polres {city}",
]
# (title action, the topic's sentences for the body)
TOPICS = [
    (
        "Membuka Rakernis Humas {year}",
        [
            "Rapat kerja teknis humas dibuka secara resmi di aula markas.",
            "Kegiatan ini bertujuan memperkuat fungsi kehumasan dalam menghadapi pilkada serentak.",
        ],
    ),
    (
        "Mengamankan {n} Pelaku Curanmor",
        [
            "Para pelaku pencurian kendaraan bermotor ditangkap setelah beraksi di parkiran pasar.",
            "Barang bukti berupa sepeda motor dan kunci letter T diamankan petugas.",
        ],
    ),
    (
        "Menangkap Pengedar Sabu di {city}",
        [
            "Tersangka ditangkap saat hendak mengedarkan sabu seberat puluhan gram.",
            "Polisi masih mengembangkan kasus peredaran narkoba tersebut.",
        ],
    ),
    (
        "Menggelar Operasi Zebra {year}",
        [
            "Operasi zebra digelar selama dua pekan untuk menekan angka pelanggaran lalu lintas.",
            "Pengendara yang tidak memakai helm diberi teguran dan tilang.",
        ],
    ),
    (
        "Mengevakuasi Warga Korban Banjir",
        [
            "Hujan deras sejak semalam membuat sungai meluap dan merendam permukiman.",
            "Personel membantu mengevakuasi warga lanjut usia dan anak-anak ke posko pengungsian.",
        ],
    ),
    (
        "Memadamkan Kebakaran Rumah Warga",
        [
            "Api diduga berasal dari korsleting listrik dan cepat membesar.",
            "Polisi bersama pemadam kebakaran berhasil memadamkan api dalam satu jam.",
        ],
    ),
    (
        "Menggelar Bakti Sosial di {city}",
        [
            "Bakti sosial berupa pembagian sembako diberikan kepada warga kurang mampu.",
            "Kegiatan ini merupakan bagian dari rangkaian hari Bhayangkara.",
        ],
    ),
    (
        "Mengimbau Warga Waspada Hoaks Pilkada",
        [
            "Masyarakat diminta tidak mudah percaya pada berita bohong di media sosial.",
            "Hoaks dan ujaran kebencian dapat memecah belah persatuan bangsa.",
        ],
    ),
    (
        "Melaksanakan Patroli Dialogis Malam Hari",
        [
            "Patroli dialogis menyasar pusat keramaian dan permukiman padat.",
            "Petugas berdialog dengan warga tentang situasi kamtibmas di lingkungan mereka.",
        ],
    ),
    (
        "Mengungkap Kasus Penipuan Online",
        [
            "Pelaku penipuan online menawarkan barang murah melalui media sosial.",
            "Korban mengalami kerugian hingga puluhan juta rupiah.",
        ],
    ),
    (
        "Mengamankan Ibadah Natal",
        [
            "Pengamanan natal dilakukan di seluruh gereja di wilayah hukum polres.",
            "Personel gabungan disiagakan sejak pagi hingga ibadah selesai.",
        ],
    ),
    (
        "Menyiapkan Pos Pengamanan Mudik Lebaran",
        [
            "Pos pengamanan mudik lebaran didirikan di jalur utama antarkota.",
            "Pemudik dapat beristirahat dan memeriksa kesehatan di pos tersebut.",
        ],
    ),
    (
        "Menggelar Vaksinasi Massal",
        [
            "Vaksinasi massal digelar untuk mempercepat kekebalan kelompok.",
            "Ratusan warga antre dengan tertib sejak pagi hari.",
        ],
    ),
    (
        "Membubarkan Tawuran Pelajar",
        [
            "Tawuran pelajar dibubarkan sebelum menimbulkan korban.",
            "Para pelajar dibawa ke kantor polisi dan orang tuanya dipanggil.",
        ],
    ),
    (
        "Menangkap Terduga Teroris",
        [
            "Densus menangkap terduga teroris di sebuah rumah kontrakan.",
            "Polisi menyita sejumlah barang bukti dari lokasi penangkapan.",
        ],
    ),
    (
        "Menangani Kecelakaan Lalu Lintas Beruntun",
        [
            "Kecelakaan lalu lintas melibatkan tiga kendaraan di jalan poros.",
            "Petugas mengatur arus lalu lintas dan mengevakuasi korban ke rumah sakit.",
        ],
    ),
    (
        "Memberikan Penyuluhan Bahaya Narkoba di Sekolah",
        [
            "Siswa diberi pemahaman tentang bahaya penyalahgunaan narkoba.",
            "Kegiatan penyuluhan ini rutin dilaksanakan setiap semester.",
        ],
    ),
    (
        "Meresmikan Gedung Pelayanan SIM",
        [
            "Gedung baru diharapkan mempercepat pelayanan SIM bagi masyarakat.",
            "Pelayanan kini dilengkapi antrean daring dan ruang tunggu yang nyaman.",
        ],
    ),
]
COMMON = [
    "Kegiatan tersebut mendapat sambutan positif dari masyarakat setempat.",
    "Polri akan terus hadir di tengah masyarakat untuk memberikan rasa aman.",
    "Ia mengimbau warga segera melapor apabila melihat hal yang mencurigakan.",
    "Situasi di lokasi terpantau aman dan kondusif hingga kegiatan berakhir.",
    "Kegiatan ini juga dihadiri unsur TNI, pemerintah daerah, dan tokoh masyarakat.",
    "Menurutnya, sinergi antara polisi dan warga menjadi kunci keberhasilan.",
    "Warga berterima kasih atas kehadiran personel di lapangan.",
    "Hal itu disampaikan kepada wartawan usai kegiatan di halaman markas.",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def story(rng, number):
    region, region_city = rng.choice(REGIONS)
    city = rng.choice(CITIES + [region_city])
    subject = rng.choice(SUBJECTS).format(region=region, city=city)
    action, sentences = rng.choice(TOPICS)
    year = rng.randint(2018, 2026)
    title = f"{subject} {action.format(year=year, n=rng.randint(2, 9), city=city)}"
    day = rng.choice(DAYS)
    lead = f"{subject} {sentences[0][0].lower()}{sentences[0][1:-1]}, {day} ({rng.randint(1, 28):02d}/{rng.randint(1, 12):02d})."
    paragraphs = []
    for _ in range(rng.randint(5, 8)):
        picked = rng.sample(sentences + COMMON, 3)
        paragraphs.append(f"<p>{' '.join(picked)}</p>")
    paragraphs.append(f"<p>“{rng.choice(COMMON)}” kata {subject} di {city}.</p>")
    return title, lead, "".join(paragraphs)


@contextlib.contextmanager
def own_server(shared_buffers):
    """A private PostgreSQL cluster for the run, owned by the postgres user, then deleted."""
    folder = tempfile.mkdtemp(prefix="newsroom-bench-pg-")
    shutil.chown(folder, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_postgres,
            f"{PG_BIN}/initdb",
            "-D",
            folder,
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {OWN_SERVER_PORT} -c listen_addresses=127.0.0.1 -k {folder} "
        f"-c shared_buffers={shared_buffers} -c fsync=off"
    )
    subprocess.run(
        [
            *as_postgres,
            f"{PG_BIN}/pg_ctl",
            "-D",
            folder,
            "-o",
            options,
            "-w",
            "-l",
            f"{folder}/log",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{OWN_SERVER_PORT}"
    finally:
        subprocess.run(
            [*as_postgres, f"{PG_BIN}/pg_ctl", "-D", folder, "-m", "fast", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url):
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        admin.execute(f'CREATE DATABASE "{DB_NAME}"')


def load(count):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils.text import slugify

    from articles.models import Article, Category
    from units.loader import load_units
    from units.models import Unit

    call_command("migrate", verbosity=0)
    load_units()
    units = list(Unit.objects.active())
    categories = [
        Category.objects.create(name=name, slug=slugify(name), position=n)
        for n, name in enumerate(["Humas Polri", "Kamtibmas", "Lalu Lintas", "Reserse", "Binmas"])
    ]
    author = get_user_model().objects.create_user(
        "bench", "bench@example.id", "bench-password-1", display_name="Humas Bench"
    )
    rng = random.Random(2026)
    now = datetime.now(UTC)
    # Newsrooms write stories in publication order, so the table is loaded in that order.
    moments = sorted(
        now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)) for _ in range(count)
    )
    started = time.perf_counter()
    batch = []
    for number, when in enumerate(moments):
        title, lead, body = story(rng, number)
        published = rng.random() < 0.95
        article = Article(
            title=title,
            slug=f"{slugify(title)[:200]}-{number}",
            unit=rng.choice(units),
            category=rng.choice(categories),
            author=author,
            lead=lead,
            body=body,
            status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
            publish_at=when if published else None,
        )
        article.date_in_unit_zone()  # as save() would: bulk_create skips it
        batch.append(article)
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
            print(f"\r  loaded {number + 1:,} stories", end="", flush=True)
    Article.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")  # as autovacuum leaves a live table
    print(f"\r  loaded {count:,} stories in {time.perf_counter() - started:.0f} s")


def measure():
    from django.db import connection

    from articles import search

    def run(query):
        started = time.perf_counter()
        results = search.search_articles(query)
        total = results.count()
        page = list(results[:PAGE_SIZE])
        snippets = [search.snippet_for(article, query) for article in page]
        elapsed = (time.perf_counter() - started) * 1000
        assert len(snippets) == min(total, PAGE_SIZE)
        return elapsed, f"{total:,}{'+' if getattr(results, 'capped', False) else ''}"

    for query in QUERIES:  # warm the caches once
        run(query)
    per_query = {query: [] for query in QUERIES}
    matches = {}
    for _ in range(ROUNDS):
        for query in QUERIES:
            elapsed, matches[query] = run(query)
            per_query[query].append(elapsed)

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        (stories,) = cursor.fetchone()
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    print(
        f"{stories:,} stories; {version.split(' on ')[0]}; {ROUNDS} rounds of {len(QUERIES)} queries"
    )
    print(f"{'query':<26} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for query, timings in per_query.items():
        print(
            f"{query:<26} {matches[query]:>8} {statistics.median(timings):>8.1f} {p95(timings):>8.1f}"
        )
    everything = [t for timings in per_query.values() for t in timings]
    print(f"{'ALL':<26} {'':>8} {statistics.median(everything):>8.1f} {p95(everything):>8.1f}")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="measure the database already loaded")
    parser.add_argument("--own-server", metavar="SHARED_BUFFERS", help="e.g. 1GB")
    options = parser.parse_args()
    server = own_server(options.own_server) if options.own_server else contextlib.nullcontext()
    with server as own_url:
        server_url = own_url or SERVER_URL
        os.environ["DATABASE_URL"] = f"{server_url}/{DB_NAME}"
        if not options.reuse or own_url:
            print(f"creating {DB_NAME} on {server_url}")
            create_database(server_url)
        import django

        django.setup()
        if not options.reuse or own_url:
            load(options.articles)
        measure()
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    main()
