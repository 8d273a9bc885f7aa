"""A wrong setting stops start-up with one sentence on stderr, never a traceback."""

import importlib.util
import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 20 + "-production-like-secret-with-enough-entropy-1234567890"


def _run(tmp_path, command, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("JISR_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jisr.settings",
            "JISR_DATA_DIR": str(tmp_path),
            "JISR_SECRET_KEY": GOOD_KEY,
            "JISR_ALLOWED_HOSTS": "jisr.example.org",
        }
    )
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-m", "jisr.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"JISR_DATABASE_URL": "mysql//nowhere"}, "JISR_DATABASE_URL is not a database address"),
        ({"JISR_DATABASE_URL": "postgres://u@h:port/db"}, "JISR_DATABASE_URL is not a database"),
        ({"JISR_SECRET_KEY": None}, "Set JISR_SECRET_KEY"),
        ({"JISR_SECRET_KEY": "changeme"}, "JISR_SECRET_KEY is too weak"),
        ({"JISR_ALLOWED_HOSTS": None}, "Set JISR_ALLOWED_HOSTS"),
        (
            {"JISR_ALLOWED_HOSTS": "https://jisr.example.org/"},
            "JISR_ALLOWED_HOSTS takes host names",
        ),
        ({"JISR_EMAIL_BACKEND": "sendmail"}, "JISR_EMAIL_BACKEND must be one of"),
        ({"JISR_STORAGE": "ftp"}, "JISR_STORAGE must be filesystem or s3"),
        pytest.param(
            {"JISR_STORAGE": "s3"},
            "JISR_STORAGE=s3 needs django-storages",
            marks=pytest.mark.skipif(
                importlib.util.find_spec("storages") is not None,
                reason="django-storages is installed here",
            ),
        ),
        ({"JISR_DB_CONN_MAX_AGE": "soon"}, "JISR_DB_CONN_MAX_AGE must be a whole number"),
    ],
)
def test_wrong_setting_stops_start_up_with_one_sentence(tmp_path, overrides, expected):
    result = _run(tmp_path, ["check"], **overrides)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"jisr: {expected}")
    assert result.stderr.count("\n") == 1


def test_unreachable_database_stops_the_worker_with_one_sentence(tmp_path):
    result = _run(
        tmp_path,
        ["migrate", "--no-input"],
        JISR_DATABASE_URL="postgres://jisr@127.0.0.1:1/jisr",
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("jisr: the database 127.0.0.1:1 cannot be used")
    assert result.stderr.count("\n") == 1


def test_serve_refuses_to_start_on_an_unreachable_database(tmp_path):
    result = _run(
        tmp_path,
        ["serve", "--bind", "127.0.0.1:0"],
        JISR_DATABASE_URL="postgres://jisr@127.0.0.1:1/jisr",
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "the database 127.0.0.1:1 cannot be used" in result.stderr
