"""The saved-name cookie ("Save my name…"): read back only while its signature holds."""

from django.core import signing
from django.test import RequestFactory, override_settings

from comments.cookies import AUTHOR_COOKIE, AUTHOR_SALT, _saved_author, remembered_author


def request_with(cookie):
    request = RequestFactory().get("/")
    request.COOKIES[AUTHOR_COOKIE] = cookie
    return request


def test_a_saved_name_is_read_back_and_each_caller_gets_its_own_copy():
    cookie = signing.dumps({"name": "Siti Warga", "email": "siti@example.id"}, salt=AUTHOR_SALT)
    request = request_with(cookie)
    saved = remembered_author(request)
    assert saved == {"name": "Siti Warga", "email": "siti@example.id", "remember": True}
    saved["name"] = "Diubah"
    assert remembered_author(request)["name"] == "Siti Warga"
    assert remembered_author(request_with(cookie))["name"] == "Siti Warga"


def test_a_cookie_signed_with_a_retired_key_is_refused_even_after_it_was_read():
    with override_settings(SECRET_KEY="kunci-lama-" + "x" * 40):
        cookie = signing.dumps({"name": "Siti Warga"}, salt=AUTHOR_SALT)
        assert remembered_author(request_with(cookie))["name"] == "Siti Warga"
    assert remembered_author(request_with(cookie)) == {}


def test_a_forged_or_garbled_cookie_fills_nothing_and_is_not_kept():
    good = signing.dumps({"name": "Siti Warga"}, salt=AUTHOR_SALT)
    kept_before = _saved_author.cache_info().currsize
    for cookie in (good[:-2] + "xx", "tidak-bertanda", signing.dumps(["Siti"], salt=AUTHOR_SALT)):
        assert remembered_author(request_with(cookie)) == {}, cookie
    assert _saved_author.cache_info().currsize == kept_before  # junk takes no memory
