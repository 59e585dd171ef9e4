"""PostgreSQL restarted under load: 503 with Retry-After while it is down, not one failed
request once it is back, and every comment that was answered with success is stored."""

import threading
import time
import uuid

import psycopg
import pytest

from tests.faults.conftest import prepared_site
from tests.faults.servers import Browser

pytestmark = [pytest.mark.faults, pytest.mark.slow]


class Load:
    """Readers and commenters hammering the site; every answer noted with the phase it began in."""

    def __init__(self, site, article_id, article_url):
        self.site, self.article_id, self.article_url = site, article_id, article_url
        self.phase = "before"
        self.results = []  # (phase, kind, status, retry_after, body_has_traceback)
        self.accepted = []  # comment texts answered with success
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def note(self, phase, kind, status, headers, body):
        if phase != self.phase:
            phase = f"{phase}→{self.phase}"  # began in one phase, answered in the next
        with self.lock:
            self.results.append(
                (phase, kind, status, headers.get("Retry-After"), "Traceback" in body)
            )

    def reader(self):
        browser = Browser(self.site.url)
        while not self.stopping.is_set():
            for path in ("/", self.article_url):
                phase = self.phase
                self.note(phase, "read", *browser.request(path))

    def commenter(self):
        browser = Browser(self.site.url)
        path = f"/komentar/{self.article_id}/"
        while not self.stopping.is_set():
            phase = self.phase
            status, headers, page = browser.request(path)
            self.note(phase, "comment form", status, headers, page)
            if status != 200:
                time.sleep(0.2)
                continue
            text = f"Komentar uji {uuid.uuid4().hex}"
            fields = browser.hidden_fields(page)
            data = {**fields, "comment": text, "name": "Pembaca Uji", "email": "uji@example.id"}
            phase = self.phase
            status, headers, body = browser.request(path, data)
            self.note(phase, "comment", status, headers, body)
            if status == 302:
                with self.lock:
                    self.accepted.append(text)

    def run(self, threads):
        workers = [threading.Thread(target=target, daemon=True) for target in threads]
        for worker in workers:
            worker.start()
        return workers


def test_a_postgres_restart_under_load_loses_nothing(postgres):
    site, article_id, article_url = prepared_site(postgres)
    try:
        load = Load(site, article_id, article_url)
        workers = load.run([load.reader, load.reader, load.commenter, load.commenter])
        time.sleep(3)
        load.phase = "outage"
        postgres.stop()
        time.sleep(3)
        postgres.start()  # pg_ctl -w: returns once it accepts connections
        load.phase = "after"
        time.sleep(4)
        load.stopping.set()
        for worker in workers:
            worker.join(30)
    finally:
        errors = site.stop()

    by_phase = {}
    for phase, kind, status, retry_after, traceback in load.results:
        by_phase.setdefault(phase, []).append((kind, status, retry_after, traceback))
    assert all(status in (200, 302) for _, status, _, _ in by_phase["before"])
    outage = [row for phase, rows in by_phase.items() if "outage" in phase for row in rows]
    assert any(status == 503 for _, status, _, _ in outage), "the outage was never seen"
    for kind, status, retry_after, traceback in outage:
        assert status in (200, 302, 503), (kind, status)  # cached pages still answer 200
        assert not traceback
        if status == 503:
            assert retry_after == "30"
    after = by_phase["after"]
    assert len(after) > 20
    failed = [(kind, status) for kind, status, _, _ in after if status not in (200, 302)]
    assert failed == []
    assert "OperationalError" in errors  # logged for the operators, never shown to readers

    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as connection:
        stored = {row[0] for row in connection.execute("SELECT text FROM comments_comment")}
    assert load.accepted and set(load.accepted) <= stored
