"""No script can be stored in a story body, whoever typed it."""

from html.parser import HTMLParser

import pytest

from articles.models import Article
from articles.sanitizer import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body
from tests.desk.conftest import admin_url, form_data
from tests.desk.xss_payloads import PAYLOADS

SAFE_SCHEMES = ("http://", "https://", "mailto:")
URL_ATTRIBUTES = {"href", "src"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html):
    """Everything in the HTML that a browser could run or load as script."""
    parser = Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag {tag}")
        for name, value in attrs.items():
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) and name != "rel":
                problems.append(f"attribute {name} on {tag}")
            if name in URL_ATTRIBUTES and ":" in (value or "").split("/")[0]:
                if not (value or "").lower().startswith(SAFE_SCHEMES):
                    problems.append(f"url {value}")
    return problems


def test_there_are_at_least_thirty_payloads():
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_sanitising(payload):
    cleaned = sanitize_body(f"<p>Berita.</p>{payload}")
    assert dangers(cleaned) == []
    lowered = cleaned.lower()
    assert "<script" not in lowered and "<svg" not in lowered and "<iframe" not in lowered


def test_the_check_itself_spots_a_dangerous_fragment():
    assert dangers('<img src="x" onerror="alert(1)">') == ["attribute onerror on img"]
    assert dangers('<a href="javascript:alert(1)">x</a>') == ["url javascript:alert(1)"]


def test_the_storys_structure_survives_sanitising():
    body = (
        "<h2>Judul</h2><p><strong>Tebal</strong> <em>miring</em></p>"
        "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote><p>kutipan</p></blockquote>"
        '<p><a href="https://polri.go.id/">tautan</a></p>'
        '<figure><img src="https://polri.go.id/a.jpg" alt="foto"><figcaption>Keterangan</figcaption></figure>'
    )
    cleaned = sanitize_body(body)
    for fragment in ("<h2>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>", "<figcaption>"):
        assert fragment in cleaned
    assert 'href="https://polri.go.id/"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.django_db
def test_every_payload_posted_through_the_desk_is_stored_harmless(login, staff, units, category):
    body = "".join(f"<p>Paragraf {n}.</p>{payload}" for n, payload in enumerate(PAYLOADS))
    response = login(staff["operator_makassar"]).post(
        admin_url("add"),
        form_data(unit=units["Polrestabes Makassar"].pk, category=category.pk, body=body),
    )
    assert response.status_code == 302
    stored = Article.objects.get().body
    assert dangers(stored) == []
    assert "Paragraf 0." in stored and f"Paragraf {len(PAYLOADS) - 1}." in stored
