import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_pass():
    call_command("check", stdout=StringIO())


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "TRUSTED_PROXIES"]
)
def test_production_settings_refuse_to_start_without_required_variables(missing):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "ALLOWED_HOSTS": "example.id",
        "TRUSTED_PROXIES": "1",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
    }
    del env[missing]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_every_indonesian_message_is_translated():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    entries = [
        entry
        for catalogue in ("locale", "locale-vendored")
        for entry in (root / catalogue / "id/LC_MESSAGES/django.po").read_text().split("\n\n")[1:]
    ]
    untranslated = [
        e
        for e in entries
        if re.search(r'msgstr(\[0\])? ""\n?$', e.strip() + "\n") and "#~" not in e
    ]
    assert not untranslated
