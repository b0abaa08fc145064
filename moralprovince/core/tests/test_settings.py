import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def test_the_time_zone_is_bangkok_and_thai_is_the_default_language():
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.LANGUAGE_CODE == "th"


def test_check_deploy_is_clean_with_production_settings():
    # The browser tests allow the ORM beside Playwright's loop; production never does.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "moral.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def settings_under(env: dict[str, str], expression: str) -> str:
    """The value of a settings expression in a fresh process with `env` added."""
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_named_bucket_puts_the_files_in_object_storage_kept_private():
    value = settings_under(
        {"STORAGE_BUCKET": "moral-files", "STORAGE_ENDPOINT_URL": "https://s3.example.org"},
        "settings.STORAGES['default']",
    )
    assert "storages.backends.s3.S3Storage" in value
    assert "'bucket_name': 'moral-files'" in value
    assert "'default_acl': 'private'" in value
    assert "'endpoint_url': 'https://s3.example.org'" in value


def test_the_redis_queue_is_chosen_by_a_setting_and_a_wrong_name_stops_the_start():
    value = settings_under(
        {"TASKS_BACKEND": "rq", "REDIS_URL": "redis://queue.example.org:6379/1"},
        "settings.TASKS['default']['BACKEND'], settings.RQ_QUEUES['default']['URL'],"
        " 'django_rq' in settings.INSTALLED_APPS",
    )
    assert value == "django_tasks_rq.RQBackend redis://queue.example.org:6379/1 True"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=os.environ | {"TASKS_BACKEND": "celery"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "TASKS_BACKEND must be 'database' or 'rq'" in result.stderr


def test_a_served_worker_freezes_what_it_loaded_out_of_the_collectors_passes():
    # Run apart: the frozen objects would stay frozen in the test process.
    env = os.environ | {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "moral.example.org"}
    code = (
        "import gc; assert gc.get_freeze_count() == 0; import moralprovince.wsgi; "
        "import moralprovince.monitoring.views as views; "
        "print(gc.get_freeze_count(), any(o is views.__dict__ for o in gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen, views_scanned = result.stdout.split()
    # The views are loaded before the freeze, so the collector no longer scans them.
    assert int(frozen) > 50_000 and views_scanned == "False"
