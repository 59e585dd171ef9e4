"""Milliseconds per request for the benchmark's pages, in one process, without a server or wrk.

Where `make bench` measures the server under load, this isolates Django's own cost of a page:
the floor view, a page-cache hit (`hit`: the plain copy; `gzip`: as browsers ask for it), a
miss (the page rendered from the database), and the uncached pages of readers the page cache
cannot answer (`guest`: a guest whose name was saved; `uncached`: a stale session cookie;
`signedin`: a signed-in reader), built from the shared copy and their own parts. All but `hit`
ask for gzip as browsers do (PLAIN=1: none does). Besides the wall time it prints the
CPU each request cost this process, its PostgreSQL backend and Redis (steadier than the wall
time on a busy machine, and where the database's share shows). Run it after `make bench` has
created its database:

    .venv/bin/python bench/page_timing.py            # all pages
    PROFILE=1 .venv/bin/python bench/page_timing.py article-miss   # and where the time goes
    SORT=tottime PROFILE=1 .venv/bin/python bench/page_timing.py article-signedin
    REPEAT_TIMES=20 py-spy record -o guest.txt -f raw -- .venv/bin/python bench/page_timing.py article-hit article-guest
"""

import contextlib
import cProfile
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import SERVER_ENV, cpu_ticks  # noqa: E402


def main(names):
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from articles import pagecache
    from bench.content import (
        guest_commenter_cookie,
        scenario_urls,
        signed_in_reader_cookie,
        stale_session_cookie,
    )

    app = WSGIHandler()
    urls = {"floor": "/healthz/", **scenario_urls()}

    def get(path, cookie="", encoding=""):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8100",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **({"HTTP_COOKIE": cookie} if cookie else {}),
            **({"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}),
        }
        status = []
        body = b"".join(app(environ, lambda s, headers, exc_info=None: status.append(s)))
        assert status[0].startswith("200"), (path, status[0])
        return body

    def miss_every_time():
        pagecache.fresh_entry = lambda key, **read_also: None
        pagecache.store = lambda *args, **kwargs: None
        pagecache.rendering_once = lambda key, copy_key: contextlib.nullcontext()

    names = names or [
        "floor",
        "home-hit",
        "unit-hit",
        "article-hit",
        "article-gzip",
        "article-guest",
        "article-uncached",
        "article-signedin",
        "article-miss",
    ]
    for name in names:  # hits first: a miss patches the page cache off for the rest
        page, _, mode = name.partition("-")
        if mode == "miss":
            miss_every_time()
        # The benchmark's uncached rows: cookies the page cache must not answer.
        cookie = ""
        if mode == "guest":
            cookie = guest_commenter_cookie()
        elif mode == "uncached":
            cookie = stale_session_cookie()
        elif mode == "signedin":
            cookie = signed_in_reader_cookie()
        # As browsers ask (the "hit" mode measures the plain copy, for clients that do not).
        encoding = "" if mode == "hit" or os.environ.get("PLAIN") else "gzip, deflate, br"
        url = urls[page]
        size = len(get(url, cookie, encoding))
        repeat = 60 if mode == "miss" else 2000 if mode in ("hit", "gzip") else 200
        repeat *= int(os.environ.get("REPEAT_TIMES", "1"))
        started, cpu_before = time.perf_counter(), cpu_seconds()
        for _ in range(repeat):
            get(url, cookie, encoding)
        per_request = (time.perf_counter() - started) * 1000 / repeat
        cpu = [
            (after - before) * 1000 / repeat
            for before, after in zip(cpu_before, cpu_seconds(), strict=True)
        ]
        print(
            f"{name:<16} {per_request:8.3f} ms  {size:>8} bytes  CPU: Django {cpu[0]:.2f} + "
            f"PostgreSQL {cpu[1]:.2f} + Redis {cpu[2]:.2f} ms  {url}"
        )
        if os.environ.get("PROFILE"):
            profile = cProfile.Profile()
            for _ in range(repeat):
                profile.runcall(get, url, cookie, encoding)
            pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)


def cpu_seconds():
    """CPU seconds so far of this process, of its PostgreSQL backend and of Redis."""
    from django.core.cache import cache
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postgres = cpu_ticks(backend) / os.sysconf("SC_CLK_TCK")
    info = cache.client.get_client().info("cpu")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (
        usage.ru_utime + usage.ru_stime,
        postgres,
        info["used_cpu_user"] + info["used_cpu_sys"],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
