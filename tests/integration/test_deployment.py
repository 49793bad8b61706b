"""The deployment files: docker-compose.yml, the Dockerfile and the production
settings. No database or service is needed; the production settings run in a
subprocess so their environment cannot leak into the suite.

The compose tests need `docker compose` or `docker-compose` (only `config` runs,
so no Docker engine). Without either they are skipped, except in CI (CI=true),
where they fail."""

import json
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
DOCKERFILE = BASE_DIR / "Dockerfile"
IN_CI = os.environ.get("CI") == "true"
APP_SERVICES = ("web", "worker", "beat")
SERVICES = {"web", "worker", "beat", "migrate", "postgres", "redis", "elasticsearch"}

# Values that must come from each test, not from the caller's shell.
DEPLOYMENT_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "OPENSEARCH_URL",
    "EMAIL_URL",
    "SMS_BACKEND",
    "MEDIA_ROOT",
    "WAGTAILADMIN_BASE_URL",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "POSTGRES_PASSWORD",
    "GUNICORN_WORKERS",
    "TRUSTED_PROXIES",
    "CLIENT_IP_HEADER",
    "ADMIN_OTP_REQUIRED",
    "SESSION_IDLE_TIMEOUT_MINUTES",
    "AXES_FAILURE_LIMIT",
    "AXES_IP_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
)


def without_deployment_variables(environ):
    return {
        key: value
        for key, value in environ.items()
        if key not in DEPLOYMENT_VARIABLES and not key.startswith("COMPOSE_")
    }


def compose_command():
    """`docker compose` (v2 plugin) if present, else `docker-compose`."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, timeout=30
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def is_compose_v1(command):
    """docker-compose 1.x, which prints its configuration as YAML only."""
    version = subprocess.run(
        [*command, "version", "--short"], capture_output=True, text=True, timeout=30
    )
    return version.stdout.strip().lstrip("v").startswith("1.")


COMPOSE = compose_command()
needs_compose = pytest.mark.skipif(
    COMPOSE is None and not IN_CI,
    reason="neither `docker compose` nor `docker-compose` is installed",
)


def dotenv_sets_secret_key():
    """base.py reads BASE_DIR/.env, which would supply a missing SECRET_KEY."""
    dotenv = BASE_DIR / ".env"
    if not dotenv.is_file():
        return False
    text = dotenv.read_text(encoding="utf-8", errors="replace")
    return re.search(r"^\s*(export\s+)?SECRET_KEY\s*=", text, re.MULTILINE) is not None


def run_compose(args, env, tmp_path):
    assert COMPOSE is not None, (
        "CI needs `docker compose` or `docker-compose` to validate "
        "docker-compose.yml; .ci/install-system.sh installs docker-compose"
    )
    # An empty env file keeps a local .env from supplying the variables.
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.touch()
    return subprocess.run(
        [*COMPOSE, "--env-file", str(empty_env_file), "-f", str(COMPOSE_FILE), *args],
        cwd=BASE_DIR,
        env={**without_deployment_variables(os.environ), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def compose_config(env, tmp_path):
    """The resolved compose configuration as a dict."""
    if not is_compose_v1(COMPOSE):
        result = run_compose(["config", "--format", "json"], env, tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
    # docker-compose 1.x is a Python program that depends on PyYAML, so its own
    # interpreter turns the YAML it prints into JSON.
    result = run_compose(["config"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    shebang = Path(COMPOSE[0]).read_bytes().split(b"\n", 1)[0].decode()
    assert shebang.startswith("#!") and "python" in shebang, (
        f"{COMPOSE[0]} has no --format json and is not a Python script"
    )
    converted = subprocess.run(
        [
            *shebang[2:].split(),
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
        ],
        input=result.stdout,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(converted.stdout)


def production_env(**values):
    env = without_deployment_variables(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "govsite.settings.production"
    env.update(values)
    return env


def manage(args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_compose
def test_compose_config_defines_the_stack(tmp_path):
    config = compose_config({"SECRET_KEY": "x", "POSTGRES_PASSWORD": "y"}, tmp_path)
    services = config["services"]
    assert SERVICES <= set(services)

    def environment(name):
        value = services[name].get("environment") or {}
        if isinstance(value, list):
            value = dict(item.split("=", 1) for item in value)
        return value

    web, worker = environment("web"), environment("worker")
    assert web["DATABASE_URL"] == "postgres://govsite:y@postgres:5432/govsite"
    assert web["REDIS_URL"] == "redis://redis:6379/0"
    for key in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "MEDIA_ROOT"):
        assert worker[key] == web[key], key
    for name in (*APP_SERVICES, "migrate"):
        env = environment(name)
        assert env["DJANGO_SETTINGS_MODULE"] == "govsite.settings.production"
        assert env["SECRET_KEY"] == "x"

    # Django processes start after the migrations and healthy services.
    web_depends = services["web"]["depends_on"]
    assert web_depends["migrate"]["condition"] == "service_completed_successfully"
    for name in ("postgres", "redis", "elasticsearch"):
        assert web_depends[name]["condition"] == "service_healthy"
        assert services[name]["healthcheck"]["test"]


@needs_compose
def test_compose_passes_the_trusted_proxies_to_the_django_processes(tmp_path):
    def environments(config):
        services = config["services"]
        return {name: services[name]["environment"] for name in ("web", "worker")}

    base = {"SECRET_KEY": "x", "POSTGRES_PASSWORD": "y"}
    for env in environments(compose_config(base, tmp_path)).values():
        assert env["TRUSTED_PROXIES"] == "127.0.0.1/32,::1/128,172.16.0.0/12"
        assert env["CLIENT_IP_HEADER"] == "X-Forwarded-For"
        assert env["ADMIN_OTP_REQUIRED"] == "true"
        assert env["SECURE_HSTS_PRELOAD"] == "false"
    chosen = {**base, "TRUSTED_PROXIES": "10.8.0.2/32", "CLIENT_IP_HEADER": "X-Real-IP"}
    for env in environments(compose_config(chosen, tmp_path)).values():
        assert env["TRUSTED_PROXIES"] == "10.8.0.2/32"
        assert env["CLIENT_IP_HEADER"] == "X-Real-IP"


@needs_compose
def test_compose_config_requires_secret_key(tmp_path):
    result = run_compose(["config"], {"POSTGRES_PASSWORD": "y"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_deploy_checks(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = production_env(
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        ALLOWED_HOSTS="www.suixian.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://www.suixian.gov.cn",
        WAGTAILADMIN_BASE_URL="https://www.suixian.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = manage(["check", "--deploy"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output


PRINT_SECURITY_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'preload': s.SECURE_HSTS_PRELOAD, 'otp': s.ADMIN_OTP_REQUIRED, "
    "'proxies': s.TRUSTED_PROXIES, 'idle': s.SESSION_IDLE_TIMEOUT}))"
)


def test_production_hsts_preload_and_second_factor_follow_the_environment(tmp_path):
    values = dict(
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="www.suixian.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = manage(["shell", "-c", PRINT_SECURITY_SETTINGS], production_env(**values))
    assert result.returncode == 0, result.stderr
    defaults = json.loads(result.stdout.strip().splitlines()[-1])
    assert defaults == {"preload": False, "otp": True, "proxies": [], "idle": 1800}

    chosen = production_env(
        **values,
        SECURE_HSTS_PRELOAD="true",
        ADMIN_OTP_REQUIRED="false",
        TRUSTED_PROXIES="10.8.0.2,192.168.1.0/24",
        SESSION_IDLE_TIMEOUT_MINUTES="15",
    )
    result = manage(["shell", "-c", PRINT_SECURITY_SETTINGS], chosen)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "preload": True,
        "otp": False,
        "proxies": ["10.8.0.2/32", "192.168.1.0/24"],
        "idle": 900,
    }


@pytest.mark.skipif(
    dotenv_sets_secret_key(), reason="the local .env file sets SECRET_KEY"
)
def test_production_settings_require_secret_key(tmp_path):
    env = production_env(
        ALLOWED_HOSTS="www.suixian.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = manage(["check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def test_dockerfile_runs_gunicorn_with_production_settings():
    instructions = dockerfile_instructions()

    def arguments(keyword):
        return [args for kw, args in instructions if kw == keyword]

    assert arguments("FROM") == ["python:3.11-slim-bookworm"]
    assert any(
        "DJANGO_SETTINGS_MODULE=govsite.settings.production" in args
        for args in arguments("ENV")
    )
    runs = " ".join(arguments("RUN"))
    assert "pip install -r requirements.txt" in runs
    assert "requirements-dev" not in runs
    assert "collectstatic --noinput" in runs
    users = arguments("USER")
    assert users and users[-1] not in ("root", "0")
    assert arguments("EXPOSE") == ["8000"]
    (cmd,) = arguments("CMD")
    assert "gunicorn govsite.wsgi:application" in cmd
    assert "--bind 0.0.0.0:8000" in cmd
    assert "GUNICORN_WORKERS" in cmd
    assert "--access-logfile -" in cmd
