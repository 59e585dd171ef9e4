"""Hypothesis fuzzes the comment form and the search: any text, never a server error, and a
stored comment shows on its page as the text it was sent as."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment
from tests.security.test_hostile_input import (
    SEARCH_PARAMETERS,
    assert_answered_safely,
    assert_nothing_executable,
    comment_form,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text from every Unicode category, including controls, surrogates' replacements and markup.
any_text = st.text(max_size=300) | st.sampled_from(["<", ">", "'", '"', "&", "\x00", "\r\n"])
_addresses = itertools.count(1)


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("comment", "name", "email", "website", "parent", "remember"), any_text
        ),
    )
)
def test_the_comment_form_answers_any_text_without_a_server_error(client, story, fields):
    n = next(_addresses)
    response = client.post(
        f"/komentar/{story.pk}/",
        comment_form(story, **fields),
        REMOTE_ADDR=f"198.18.{n // 250 % 250}.{n % 250 + 1}",
    )
    assert_answered_safely(response, fields)
    if response.status_code == 302:
        stored = Comment.objects.latest("pk")
        assert "\x00" not in stored.text
        Comment.objects.filter(pk=stored.pk).update(status=Comment.Status.APPROVED)
        page = client.get(f"/komentar/{story.pk}/")
        assert page.status_code == 200
        assert_nothing_executable(page.content.decode(), fields)


@FUZZ
@given(params=st.dictionaries(st.sampled_from(SEARCH_PARAMETERS), any_text, max_size=4))
def test_the_search_answers_any_query_without_a_server_error(client, story, params):
    response = client.get("/cari/", params)
    assert_answered_safely(response, params)
    if response.status_code == 200:
        assert_nothing_executable(response.content.decode(), params)
