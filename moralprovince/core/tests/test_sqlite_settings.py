"""The embedded SQLite set-up: WAL, immediate write transactions and a busy timeout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
SHOW_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
)


def test_sqlite_waits_for_the_write_lock_in_wal_mode_with_immediate_transactions():
    # Read in a process of its own: this suite may itself be running on PostgreSQL.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "moralprovince.settings"
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_OPTIONS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    options = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert 10 <= options["timeout"] <= 60


@pytest.mark.django_db
def test_the_open_connection_has_the_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("the busy timeout is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (milliseconds,) = cursor.fetchone()
    assert milliseconds == connection.settings_dict["OPTIONS"]["timeout"] * 1000
