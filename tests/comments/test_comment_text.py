import pytest

from comments.rendering import comment_text


@pytest.mark.parametrize(
    "text,link",
    [
        ("Lihat https://polri.go.id/berita ya", 'href="https://polri.go.id/berita"'),
        ("Info di www.polri.go.id", 'href="http://www.polri.go.id"'),
        ("Kunjungi example.com untuk info", 'href="http://example.com"'),
        ("Kirim ke humas@polri.go.id", 'href="mailto:humas@polri.go.id"'),
    ],
)
def test_addresses_in_a_comment_become_links(text, link):
    assert link in comment_text(text)


def test_a_plain_comment_is_escaped_with_its_line_breaks_and_no_links():
    html = comment_text("Terima kasih Pak. Semoga aman <b>selalu</b>.\nSalam dari Gowa.")
    assert "<a " not in html
    assert "&lt;b&gt;selalu&lt;/b&gt;" in html
    assert "<br>" in html
