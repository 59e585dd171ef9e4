"""Readers, commenters and a login brute-forcer at once against `make serve` (not in `make test`).

    pip install "locust>=2.30,<3" "psycopg[binary]>=3.2,<4"   # a separate venv is fine
    make serve PORT=8000 &                                     # production settings, worker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom \\
      locust -f bench/load.py --headless -u 24 -r 6 -t 2m -H http://127.0.0.1:8000

What must hold (and the report at the end says): readers keep being served; the brute-forcer
is locked out after five failures (django-axes: 429); the comment flood is throttled (429);
every comment answered with success (302) is in the database: stored == accepted.
DATABASE_URL must be the database `make serve` uses, to count the stored comments.
"""

import collections
import os
import re
import threading
import uuid

from locust import HttpUser, between, events, task

RUN = uuid.uuid4().hex[:8]  # marks this run's comments in the database
accepted = []
outcomes = collections.Counter()
lock = threading.Lock()
ARTICLE_LINK = re.compile(r'href="(/berita/\d{4}/\d{2}/\d{2}/[^"/]+/)"')
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|token)" value="([^"]*)"')


def note(outcome):
    with lock:
        outcomes[outcome] += 1


class Reader(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self):
        home = self.client.get("/", name="home")
        self.articles = sorted(set(ARTICLE_LINK.findall(home.text))) or ["/"]

    @task(5)
    def article(self):
        path = self.articles[hash(self) % len(self.articles)]
        self.client.get(path, name="article")

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def search(self):
        self.client.get("/cari/?q=polisi", name="search")


class Commenter(HttpUser):
    """Posts as fast as the site allows; throttling (429) is the expected answer to a flood."""

    weight = 3
    wait_time = between(0.2, 1)

    def on_start(self):
        home = self.client.get("/", name="home")
        links = ARTICLE_LINK.findall(home.text)
        self.article = links[0] if links else None
        page = self.client.get(self.article, name="article") if self.article else None
        found = re.search(r'action="(/komentar/\d+/)"', page.text) if page is not None else None
        self.form = found.group(1) if found else None

    @task
    def comment(self):
        if not self.form:
            return
        page = self.client.get(self.form, name="comment form")
        fields = dict(HIDDEN.findall(page.text))
        text = f"Komentar beban {RUN} {uuid.uuid4().hex}"
        data = {
            **fields,
            "comment": text,
            "name": "Pembaca Beban",
            "email": f"{uuid.uuid4().hex[:10]}@example.id",
        }
        with self.client.post(
            self.form, data, name="comment post", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                with lock:
                    accepted.append(text)
                note("comment accepted")
                response.success()
            elif response.status_code == 429:
                note("comment throttled")
                response.success()  # the flood rule doing its job
            else:
                note(f"comment refused {response.status_code}")
                response.failure(f"comment answered {response.status_code}")


class BruteForcer(HttpUser):
    """Guesses the demo administrator's password; must be locked out (429) after five tries."""

    weight = 1
    fixed_count = 1
    wait_time = between(0.1, 0.3)

    @task
    def guess(self):
        page = self.client.get("/akun/masuk/", name="login page")
        data = {
            **dict(HIDDEN.findall(page.text)),
            "username": "admin",
            "password": uuid.uuid4().hex,
        }
        with self.client.post(
            "/akun/masuk/", data, name="login guess", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 429:
                note("guess locked out")
                response.success()
            elif response.status_code == 200:
                note("guess refused")
                response.success()
            else:
                note(f"guess answered {response.status_code}")
                response.failure(f"a guess got {response.status_code}")


def stored_comments():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        return connection.execute(
            "SELECT count(*) FROM comments_comment WHERE text LIKE %s", [f"Komentar beban {RUN} %"]
        ).fetchone()[0]


@events.quitting.add_listener
def report(environment, **kwargs):
    stats = environment.stats
    print("\n=== bench/load.py report ===")
    print(f"requests: {stats.total.num_requests}, failures: {stats.total.num_failures}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"  {entry.name:14} {entry.num_requests:6} req  {entry.num_failures:4} failed  "
            f"p50 {entry.get_response_time_percentile(0.5):5.0f} ms  "
            f"p95 {entry.get_response_time_percentile(0.95):5.0f} ms"
        )
    print("failures by kind:")
    for error in stats.errors.values():
        print(f"  {error.occurrences:6}  {error.method} {error.name}: {error.error}")
    if not stats.errors:
        print("  none")
    print("outcomes:", dict(sorted(outcomes.items())))
    stored = stored_comments()
    print(f"comments accepted (302): {len(accepted)}; stored in the database: {stored}")
    if stored is not None and stored != len(accepted):
        print("MISMATCH: accepted and stored comments differ")
        environment.process_exit_code = 1
