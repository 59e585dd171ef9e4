"""The minute jobs beat sends (NEWSROOM_SCHEDULED_COMMANDS): each is a real command on its
schedule, and the task runs nothing else."""

import pytest
from django.conf import settings
from django.core.management import get_commands

from newsroom.celery import app, run_scheduled_command


def test_every_scheduled_command_exists_and_beat_sends_it_on_its_interval():
    schedule = app.conf.beat_schedule
    assert set(settings.NEWSROOM_SCHEDULED_COMMANDS) == {
        "publish_scheduled",
        "send_comment_digests",
        "flush_view_counts",
        "send_pending_resets",
        "send_pending_email",
    }
    for command, seconds in settings.NEWSROOM_SCHEDULED_COMMANDS.items():
        assert command in get_commands(), command
        entry = schedule[command]
        assert entry["task"] == run_scheduled_command.name
        assert entry["args"] == (command,)
        assert entry["schedule"] == seconds
        # A run still queued when the next is due is dropped, so a stalled worker does not
        # come back to a pile of the same job.
        assert entry["options"]["expires"] == seconds
    assert settings.NEWSROOM_SCHEDULED_COMMANDS["publish_scheduled"] <= 60


@pytest.mark.django_db
def test_the_task_refuses_a_command_that_is_not_scheduled():
    from articles.models import Category

    Category.objects.create(name="Berita Utama", slug="berita-utama")
    with pytest.raises(ValueError, match="not a scheduled command"):
        run_scheduled_command.delay("flush")
    assert Category.objects.filter(slug="berita-utama").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "reported"),
    [
        ("publish_scheduled", "0 scheduled stories caught up."),
        ("send_comment_digests", "Digests sent: 0"),
        ("flush_view_counts", ""),  # says something only when it wrote views
        ("send_pending_resets", "Handled 0 pending password reset request(s)."),
        ("send_pending_email", "Queued 0 pending email(s)."),
    ],
)
def test_each_scheduled_command_runs_through_the_task_without_arguments(command, reported):
    assert run_scheduled_command.delay(command).get().strip() == reported
