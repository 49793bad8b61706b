"""The search backend follows the environment: the database backend by
default, Elasticsearch in production when ELASTICSEARCH_URL is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import django, json
django.setup()
from django.conf import settings
from wagtail.search.backends import get_search_backend
backend = get_search_backend()
print(json.dumps({
    "setting": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "class": type(backend).__module__,
    "hosts": [str(h) for h in getattr(backend, "hosts", [])],
    "index": getattr(backend, "index_prefix", ""),
    "analyzer": getattr(backend, "settings", {}).get("settings", {})
        .get("analysis", {}).get("analyzer", {}).get("default"),
}))
"""


def probe(**env):
    environ = {k: v for k, v in os.environ.items() if "SEARCH_URL" not in k}
    environ.update(DJANGO_SETTINGS_MODULE="govsite.settings.test", **env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_database_backend_by_default():
    result = probe()
    # The database backend that segments Chinese, on PostgreSQL and SQLite.
    assert result["setting"] == "search.backends"
    assert result["class"] == "search.backends"


def test_elasticsearch_backend_when_configured():
    result = probe(
        ELASTICSEARCH_URL="http://search.internal:9200",
        ELASTICSEARCH_INDEX_PREFIX="suixian_",
    )
    assert result["setting"] == "wagtail.search.backends.elasticsearch8"
    assert result["class"].endswith("backends.elasticsearch8")
    assert result["index"] == "suixian_"
    # Chinese is analysed as character pairs, with no plugin to install.
    assert result["analyzer"] == {"type": "cjk"}


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"
)
def test_elasticsearch_indexes_and_finds_a_published_item(demo_db):
    """Runs wherever an Elasticsearch server is configured."""
    from django.core.management import call_command

    from disclosure.models import DisclosureItemPage

    call_command("update_index", verbosity=0)
    found = DisclosureItemPage.objects.live().search("地质灾害防治方案")
    assert "关于印发随县2014年度地质灾害防治方案的通知" in [p.title for p in found]
    # A word from the middle of a title, found through the cjk analyzer.
    found = DisclosureItemPage.objects.live().search("土地确权", operator="and")
    assert "关于做好2014年厉山镇农村土地确权登记工作的通知" in [p.title for p in found]
