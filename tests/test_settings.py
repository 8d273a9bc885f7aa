"""The production settings pass Django's deployment checklist."""

import os
import subprocess
import sys


def _run_check(env_overrides):
    # A clean environment: no JISR_ settings and no test-only switches such as the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("JISR_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "jisr.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _run_check(
        {
            "DJANGO_SETTINGS_MODULE": "jisr.settings",
            "JISR_SECRET_KEY": "k" * 20 + "-production-like-secret-with-enough-entropy-1234567890",
            "JISR_ALLOWED_HOSTS": "jisr.example.org",
            "JISR_DATA_DIR": str(tmp_path),
        }
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_in_production(tmp_path):
    result = _run_check({"DJANGO_SETTINGS_MODULE": "jisr.settings", "JISR_DATA_DIR": str(tmp_path)})

    assert result.returncode != 0
    assert "Set JISR_SECRET_KEY" in result.stderr
