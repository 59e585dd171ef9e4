"""`make bench`: the production server under load, measured against Django's own floor.

Creates (once) a PostgreSQL database with 10,000 articles across all units and 200,000
comments, starts gunicorn with production settings and Redis on loopback, drives it with wrk,
and prints one table — requests/s, p50, p99, ratio to the floor, SQL queries per page — then
writes it to bench/RESULTS.md.

Absolute numbers swing between runs, and within one (wrk and the server share the same two
cores, and the machine has neighbours), so each row is measured in BENCH_ROUNDS rounds right
after the floor, and judged by the median of its ratios to it.
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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("BENCH_PORT", "8100"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "3s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
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
    "TRUSTED_PROXIES": "0",  # wrk talks to gunicorn directly
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
    from bench.content import forget_posted_comments, generate_content

    forget_posted_comments()
    generate_content(ARTICLES, COMMENTS)
    from django.db import connection

    # As autovacuum leaves a live database: statistics, and the visibility map that lets the
    # lists' counts read their indexes alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


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
    sizes = []
    for pid in _children(server.pid):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return max(sizes) if sizes else 0.0


def _stat(pid):
    """/proc/<pid>/stat's fields after the process's name (state first, then ppid…)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_ticks(pid, reaped_children=False):
    """CPU clock ticks a process has used (and, if asked, its children that have ended)."""
    fields = _stat(pid)
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks


def _children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(child) for child in found.stdout.split()]


def server_side_pids(server):
    """The processes that serve a request here, wrk aside: gunicorn's arbiter, PostgreSQL's
    postmaster (their workers and backends come and go) and Redis; those not on this machine
    are left out."""
    from django.core.cache import cache
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    parents = [server.pid]
    try:
        parents.append(int(_stat(backend)[1]))  # the postmaster
    except FileNotFoundError:
        pass
    redis = [cache.client.get_client().info("server")["process_id"]]
    return parents, [pid for pid in redis if Path(f"/proc/{pid}").exists()]


def server_cpu_seconds(parents, singles):
    """CPU seconds the server side has used so far: each parent with its current and ended
    children (gunicorn replaces workers after max_requests), and the single processes."""
    ticks = 0
    for parent in parents:
        ticks += cpu_ticks(parent, reaped_children=True)
        for child in _children(parent):
            try:
                ticks += cpu_ticks(child)
            except FileNotFoundError:  # ended between the listing and the reading
                pass
    ticks += sum(cpu_ticks(pid) for pid in singles)
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(url, script=None, headers=(), env=None, cpu=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    cpu_before = cpu() if cpu else None
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
    requests, read = re.search(r"(\d+) requests in [^,]+, ([\d.]+\w+) read", output).groups()
    requests = int(requests)
    return {
        "rps": rps,
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "kb": to_bytes(read) / 1024 / requests if requests else 0,  # per response, headers too
        "cpu_ms": (cpu() - cpu_before) * 1000 / requests if cpu and requests else None,
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


def to_bytes(value):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"B": 1, "KB": 2**10, "MB": 2**20, "GB": 2**30}[unit]


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def query_counts(urls):
    from django.test import Client

    from articles import pagecache

    client = Client()
    counts = {}
    for name, url in urls.items():
        # Warm what a running process has warm (sections, settings, content types), then render
        # the page as after a publish: itself and its previous/next/related stories.
        for _ in range(2):
            pagecache.purge_site()
            pagecache.purge("home")
            counts[name] = queries_of(client, url)
    return counts


def queries_of(client, url):
    """(queries, of which writes) of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries), sum(1 for q in queries.captured_queries if _is_write(q["sql"]))


def personal_query_counts(url, cookies):
    """Queries of the article for the readers the page cache cannot answer: a personal copy
    (its shared copy current) for each kind of reader."""
    from django.test import Client

    counts = {}
    Client().get(url)  # the shared copy, as anonymous readers have it
    for name, cookie in cookies.items():
        client = Client(HTTP_COOKIE=cookie)
        client.get(url)  # what a running process has warm
        counts[name] = queries_of(client, url)
    return counts


def _is_write(sql):
    return bool(re.match(r"\s*(INSERT|UPDATE|DELETE)", sql))


@dataclass
class Row:
    label: str
    path: str
    headers: tuple = ()
    script: str | None = None
    queries: str | None = None  # which of the counts is this row's
    # What the page cache must hold before this row is measured: "shared" (the copy anonymous
    # readers share, current), "none" (every page stale), None (whatever the last row left).
    needs: str | None = None


def bench_rows(urls, cookies):
    scripts = Path(__file__).resolve().parent / "wrk"
    article = urls["article"]
    return [
        # Readers the page cache cannot answer. Of a story anonymous readers are reading (its
        # shared copy is current), they get a personal copy: their own parts rendered for them.
        # Every row asks for gzip, as browsers do, unless it says otherwise.
        Row("article, uncached: guest with a saved name", article,
            (GZIP, f"Cookie: {cookies['guest']}"), queries="guest", needs="shared"),
        Row("article, uncached: stale session cookie", article,
            (GZIP, f"Cookie: {cookies['stale']}"), queries="stale", needs="shared"),
        Row("article, uncached: signed-in reader", article,
            (GZIP, f"Cookie: {cookies['reader']}"), queries="reader", needs="shared"),
        # The whole page rendered from the database: every request another story, none of
        # them cached (a reader finding no shared copy makes it, so one story would miss once).
        Row("article, cache miss: another story each request", "/",
            (GZIP,), script=str(scripts / "stories.lua"), queries="article", needs="none"),
        # Cached pages, and the article once uncompressed.
        Row("article, cached", article, (GZIP,), queries="article"),
        Row("article, cached, no gzip", article, queries="article"),
        Row("home, cached", urls["home"], (GZIP,), queries="home"),
        Row("unit page, cached", urls["unit"], (GZIP,), queries="unit"),
        Row("search", "/cari/", script=str(scripts / "search.lua"), queries="search"),
        Row("comment POST", urls["_comment_post"], script=str(scripts / "comment.lua")),
    ]  # fmt: skip


FLOOR = Row("floor: trivial Django view", "/healthz/")


def prepare_row(row):
    """The page cache as the row needs it, then the workers warm on the row's own requests."""
    if row.needs == "shared":
        urllib.request.urlopen(BASE + row.path, timeout=60).read()
    if not row.script:  # one complete request first: a purged page waits for one rendering
        headers = dict(header.split(": ", 1) for header in row.headers)
        urllib.request.urlopen(
            urllib.request.Request(BASE + row.path, headers=headers), timeout=60
        ).read()


def measure(row, script_env, cpu):
    prepare_row(row)
    warm = ["wrk", "-t1", "-c2", "-d1s", *sum((["-H", h] for h in row.headers), [])]
    if row.script:
        warm += ["-s", row.script]
    subprocess.run(
        [*warm, BASE + row.path], capture_output=True, check=False, env={**os.environ, **script_env}
    )
    if row.needs == "none":  # after the warm-up, which stored the pages it rendered
        from articles import pagecache

        pagecache.purge_site()
    return wrk(BASE + row.path, row.script, row.headers, script_env, cpu)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    print(f"Preparing {BENCH_DB} ({ARTICLES} articles, {COMMENTS} comments)…", flush=True)
    prepare_database()

    from bench.content import (
        guest_commenter_cookie,
        scenario_urls,
        signed_in_reader_cookie,
        stale_session_cookie,
        story_paths,
    )

    urls = scenario_urls()
    cookies = {
        "guest": guest_commenter_cookie(),
        "stale": stale_session_cookie(),
        "reader": signed_in_reader_cookie(),
    }
    counts = query_counts({k: v for k, v in urls.items() if not k.startswith("_")})
    counts.update(personal_query_counts(urls["article"], cookies))
    from django.core.cache import cache

    cache.clear()
    rows = bench_rows(urls, cookies)
    # BENCH_ONLY=cached,search measures only the rows whose label holds one of the words.
    only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    rows = [row for row in rows if not only or any(word in row.label for word in only)]
    if not rows:
        raise SystemExit(f"BENCH_ONLY={','.join(only)} names no row")
    server = start_server()
    parents, singles = server_side_pids(server)
    cpu = partial(server_cpu_seconds, parents, singles)
    pairs = {row.label: [] for row in rows}
    stories = Path(tempfile.mkdtemp()) / "stories.txt"
    try:
        stories.write_text("\n".join(story_paths()) + "\n")
        script_env = {**comment_form_env(urls), "STORY_PATHS": str(stories)}
        # Every worker warm (imports, URL resolver, connections) before the first row.
        subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", "-d3s", BASE + FLOOR.path],
            capture_output=True,
            check=False,
        )
        # The machine drifts during a run (wrk and the server share its cores, and neighbours
        # come and go), so each row is measured right after the floor, in several rounds, and
        # judged by the median of its ratios.
        for round_number in range(1, ROUNDS + 1):
            print(f"Round {round_number} of {ROUNDS}", flush=True)
            for row in rows:
                time.sleep(1)  # the last row's queued requests drain before the floor runs
                floor = wrk(BASE + FLOOR.path, cpu=cpu)
                result = measure(row, script_env, cpu)
                pairs[row.label].append((floor, result))
                print(
                    f"  {row.label:<48} {result['rps']:8.0f} req/s "
                    f"({result['rps'] / floor['rps']:.2f} × the floor's {floor['rps']:.0f})",
                    flush=True,
                )
        rss = worker_rss_mb(server)
    finally:
        shutil.rmtree(stories.parent)
        os.killpg(server.pid, signal.SIGINT)  # quick shutdown: idle keep-alive connections
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    report = render_table(rows, pairs, counts, rss)
    print(report)
    if not only:  # a partial run is an experiment, not the record
        (Path(__file__).resolve().parent / "RESULTS.md").write_text(report)


def render_table(rows, pairs, counts, rss):
    floors = [floor for measured in pairs.values() for floor, _ in measured]
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
        f"{os.cpu_count()} cores · wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback (same cores) · "
        f"{ARTICLES} articles, {COMMENTS} comments · gunicorn per gunicorn.conf.py",
        "",
        f"Each row was measured {ROUNDS} times, each time right after the floor; every figure is "
        "the median of its rounds, and × floor the median of the rounds' ratios (the lowest and "
        "highest in brackets). Server CPU is what gunicorn, PostgreSQL and Redis spent per "
        "request (wrk aside), and its × floor the floor's CPU per request over the row's: "
        "steadier than req/s on a machine whose neighbours come and go, since time the "
        "hypervisor gives to others is nobody's CPU here.",
        "",
        "| page | req/s | p50 ms | p99 ms | × floor (range) | server CPU ms/req (× floor) "
        "| SQL queries (writes) | KB sent | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {FLOOR.label} | {median(f['rps'] for f in floors):.0f} | "
        f"{median(f['p50'] for f in floors):.2f} | {median(f['p99'] for f in floors):.2f} | "
        f"1.00 | {_cpu_cell(floors, floors)} | – | {median(f['kb'] for f in floors):.1f} | "
        f"{sum(f['errors'] for f in floors)} |",
    ]
    for row in rows:
        measured = [result for _, result in pairs[row.label]]
        ratios = [result["rps"] / floor["rps"] for floor, result in pairs[row.label]]
        queries = (
            f"{counts[row.queries][0]} ({counts[row.queries][1]})" if row.queries in counts else "–"
        )
        lines.append(
            f"| {row.label} | {median(r['rps'] for r in measured):.0f} | "
            f"{median(r['p50'] for r in measured):.2f} | {median(r['p99'] for r in measured):.2f} | "
            f"{median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | "
            f"{_cpu_cell([floor for floor, _ in pairs[row.label]], measured)} | {queries} | "
            f"{median(r['kb'] for r in measured):.1f} | {sum(r['errors'] for r in measured)} |"
        )
    lines += ["", f"Largest worker RSS after the run: {rss:.0f} MB", ""]
    return "\n".join(lines)


def _cpu_cell(floors, measured):
    """Median server CPU per request of the rounds, and the median of floor/row per round."""
    pairs = [
        (floor["cpu_ms"], result["cpu_ms"])
        for floor, result in zip(floors, measured, strict=True)
        if floor["cpu_ms"] and result["cpu_ms"]
    ]
    if not pairs:
        return "–"
    return (
        f"{median(row for _, row in pairs):.2f} ({median(floor / row for floor, row in pairs):.2f})"
    )


if __name__ == "__main__":
    main()
