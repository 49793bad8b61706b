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
import os
from django.conf import settings
from wagtail.search.backends import get_search_backend
if os.environ.get("PROBE_CLASS") == "no":
    print(json.dumps({"setting": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]}))
    raise SystemExit
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
    assert result["setting"] == "search.elastic.ChineseElasticsearch8SearchBackend"
    assert result["class"] == "search.elastic"
    assert result["index"] == "suixian_"
    # Text arrives normalised and segmented as in the database index (繁→简,
    # character pairs): Elasticsearch only splits it at spaces, no plugin.
    assert result["analyzer"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }


def test_opensearch_backend_when_configured():
    # The backend needs opensearch-py, which only OpenSearch sites install.
    result = probe(OPENSEARCH_URL="http://search.internal:9200", PROBE_CLASS="no")
    assert result["setting"] == "search.opensearch.ChineseOpenSearch2SearchBackend"


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
    # A word from the middle of a title, found through the segmented text.
    found = DisclosureItemPage.objects.live().search("土地确权", operator="and")
    assert "关于做好2014年厉山镇农村土地确权登记工作的通知" in [p.title for p in found]
