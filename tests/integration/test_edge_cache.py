"""The edge in front of the portal: docker-compose puts nginx before `web`
(gzip, static files kept long, PURGE only from the web container), and
Wagtail purges it when FRONTEND_CACHE_PURGE_URL names it."""

import json
from pathlib import Path

from tests.integration.test_deployment import (
    compose_config,
    manage,
    needs_compose,
    production_env,
)

NGINX_CONF = Path(__file__).resolve().parents[2] / "deploy/nginx/default.conf.template"


@needs_compose
def test_nginx_stands_in_front_of_web(tmp_path):
    config = compose_config({"SECRET_KEY": "x", "POSTGRES_PASSWORD": "y"}, tmp_path)
    services = config["services"]
    nginx, web = services["nginx"], services["web"]
    assert [str(p["target"]) for p in nginx["ports"]] == ["80"]
    assert not web.get("ports"), "web is reached through nginx only"
    web_ip = web["networks"]["default"]["ipv4_address"]
    assert nginx["environment"]["WEB_IP"] == web_ip
    assert web["environment"]["FRONTEND_CACHE_PURGE_URL"] == "http://nginx:8081"
    assert "FRONTEND_CACHE_PURGE_URL" not in services["worker"]["environment"]
    assert any("default.conf.template" in str(v) for v in nginx["volumes"])


def test_nginx_compresses_keeps_static_files_and_guards_purge():
    conf = NGINX_CONF.read_text()
    assert "gzip on;" in conf
    assert "location /static/" in conf
    assert "allow ${WEB_IP};" in conf and "deny all;" in conf
    # The public port refuses PURGE; signed-in editors bypass the edge cache.
    public = conf.split("listen 80")[1].split("listen 8081")[0]
    assert "return 405" in public
    assert "proxy_no_cache $cookie_sessionid" in public


def test_wagtail_purges_the_proxy_named_in_the_environment(tmp_path):
    show = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([getattr(s, 'WAGTAILFRONTENDCACHE', None), "
        "'wagtail.contrib.frontend_cache' in s.INSTALLED_APPS]))"
    )
    env = production_env(
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="www.suixian.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        FRONTEND_CACHE_PURGE_URL="http://nginx:8081",
    )
    result = manage(["shell", "-c", show], env)
    backends, installed = json.loads(result.stdout.strip().splitlines()[-1])
    assert installed
    assert backends["proxy"]["LOCATION"] == "http://nginx:8081"
    assert backends["proxy"]["BACKEND"].endswith("HTTPBackend")
