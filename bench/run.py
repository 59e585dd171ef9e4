"""`make bench`: the production server under load, measured against Django's own floor.

Creates (once) a PostgreSQL database with 10,000 articles across all units and 200,000
comments, starts gunicorn with production settings and Redis on loopback, drives it with wrk,
and prints one table — requests/s, p50, p99, ratio to the floor, SQL queries per page — then
writes it to bench/RESULTS.md. Figures from one run are comparable with each other; absolute
numbers swing between runs because wrk and the server share the same two cores.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("BENCH_PORT", "8100"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "200000"))

GZIP = "Accept-Encoding: gzip"

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
    "DATABASE_URL": BENCH_DB,
    "REDIS_URL": BENCH_REDIS,
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "newsroom-bench-media"),
}


def setup_django():
    os.environ.update(SERVER_ENV)
    import django

    django.setup()


def prepare_database():
    from bench.ensure_database import ensure_database

    ensure_database(BENCH_DB)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        check=True,
    )
    setup_django()
    from bench.content import generate_content

    generate_content(ARTICLES, COMMENTS)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum leaves a live database
        cursor.execute("ANALYZE")


def start_server():
    env = {**os.environ, **SERVER_ENV, "PORT": str(PORT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def worker_rss_mb(server):
    children = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return max(sizes) if sizes else 0.0


def wrk(url, script=None, headers=(), env=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        command + [url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def comment_form_env(urls):
    """What a browser would hold to post a comment: the CSRF cookie and token, the form's
    signed timestamp (read off the article page)."""
    with urllib.request.urlopen(BASE + "/akun/token/") as response:
        token = json.loads(response.read())["token"]
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    with urllib.request.urlopen(BASE + urls["article"]) as response:
        page = response.read().decode()
    form_token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return {
        "CSRF_COOKIE": cookie,
        "CSRF_TOKEN": token,
        "FORM_TOKEN": urllib.parse.quote(form_token),
    }


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def query_counts(urls):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles import pagecache

    client = Client()
    counts = {}
    for name, url in urls.items():
        # Warm what a running process has warm (sections, settings, content types), then render
        # the page as after a publish: itself and its previous/next/related stories.
        for _ in range(2):
            pagecache.purge_site()
            pagecache.purge("home")
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
        writes = sum(1 for q in queries.captured_queries if _is_write(q["sql"]))
        counts[name] = (len(queries), writes)
    return counts


def personal_query_counts(url, reader_cookie):
    """Queries of a personal copy of the article (its shared copy current), per kind of reader."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    Client().get(url)  # the shared copy, as anonymous readers have it
    for name, cookie in [
        ("stale", f"{settings.SESSION_COOKIE_NAME}=bench-uncached"),
        ("reader", reader_cookie),
    ]:
        client = Client(HTTP_COOKIE=cookie)
        client.get(url)  # what a running process has warm
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = (len(queries), sum(1 for q in queries if _is_write(q["sql"])))
    return counts


def _is_write(sql):
    return bool(re.match(r"\s*(INSERT|UPDATE|DELETE)", sql))


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    print(f"Preparing {BENCH_DB} ({ARTICLES} articles, {COMMENTS} comments)…", flush=True)
    prepare_database()
    from bench.content import scenario_urls, signed_in_reader_cookie

    urls = scenario_urls()
    reader_cookie = signed_in_reader_cookie()
    counts = query_counts({k: v for k, v in urls.items() if not k.startswith("_")})
    counts.update(personal_query_counts(urls["article"], reader_cookie))
    from django.core.cache import cache

    cache.clear()
    scripts = Path(__file__).resolve().parent / "wrk"
    server = start_server()
    results = {}
    try:
        rows = [
            ("floor: trivial Django view", BASE + "/healthz/", None, ()),
            # Readers the page cache cannot answer, of a story anonymous readers are reading
            # (its shared copy is current): their personal parts are rendered for them.
            (
                "article, uncached: stale session cookie",
                BASE + urls["article"],
                None,
                ("Cookie: sessionid=bench-uncached",),
            ),
            (
                "article, uncached: signed-in reader",
                BASE + urls["article"],
                None,
                (f"Cookie: {reader_cookie}",),
            ),
            # Cached pages as browsers ask for them (gzip), and the article once uncompressed.
            ("article, cached", BASE + urls["article"], None, (GZIP,)),
            ("article, cached, no gzip", BASE + urls["article"], None, ()),
            ("home, cached", BASE + urls["home"], None, (GZIP,)),
            ("unit page, cached", BASE + urls["unit"], None, (GZIP,)),
            ("search", BASE + "/cari/", str(scripts / "search.lua"), ()),
            ("comment POST", BASE + urls["_comment_post"], str(scripts / "comment.lua"), ()),
        ]
        form_env = comment_form_env(urls)
        # BENCH_ONLY=floor,cached measures only the rows whose label holds one of the words.
        only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
        rows = [row for row in rows if not only or any(word in row[0] for word in only)]
        if rows and rows[0][0].startswith("floor"):
            # The floor again at the end: the machine drifts during a run, and the ratios use
            # the higher of the two floors, never flattering the pages.
            rows.append(("floor, measured again last", *rows[0][1:]))
        # Every worker warm (imports, URL resolver, connections) before the first row.
        subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", "-d3s", BASE + "/healthz/"],
            capture_output=True,
            check=False,
        )
        for label, url, script, headers in rows:
            # Warm the page cache (one complete request) and the workers before measuring.
            if not script:
                warm = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
                urllib.request.urlopen(warm, timeout=60).read()
            subprocess.run(["wrk", "-t1", "-c2", "-d1s", url], capture_output=True, check=False)
            results[label] = wrk(url, script, headers, form_env)
            print(f"  {label:<28} {results[label]['rps']:8.0f} req/s", flush=True)
        rss = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # quick shutdown: idle keep-alive connections
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    report = render_table(results, counts, rss)
    print(report)
    if not os.environ.get("BENCH_ONLY"):  # a partial run is an experiment, not the record
        (Path(__file__).resolve().parent / "RESULTS.md").write_text(report)


def render_table(results, counts, rss):
    floors = [r["rps"] for label, r in results.items() if label.startswith("floor")]
    floor = max(floors) if floors else float("nan")
    query_names = {
        "article, uncached: stale session cookie": "stale",
        "article, uncached: signed-in reader": "reader",
        "article, cached": "article",
        "article, cached, no gzip": "article",
        "home, cached": "home",
        "unit page, cached": "unit",
        "search": "search",
    }
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
        f"{os.cpu_count()} cores · wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback (same cores) · "
        f"{ARTICLES} articles, {COMMENTS} comments · gunicorn per gunicorn.conf.py",
        "",
        "| page | req/s | p50 ms | p99 ms | × floor (the higher of the two) | SQL queries (writes) | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        name = query_names.get(label)
        queries = f"{counts[name][0]} ({counts[name][1]})" if name in counts else "–"
        lines.append(
            f"| {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{r['rps'] / floor:.2f} | {queries} | {r['errors']} |"
        )
    lines += ["", f"Largest worker RSS after the run: {rss:.0f} MB", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
