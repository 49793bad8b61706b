"""The other backends. Elasticsearch/OpenSearch get the same text and the
same query as the database: checked here on the documents and request
bodies the backend builds (no server is needed;
tests/integration/test_search_relevance.py runs the relevance set against a
server when ELASTICSEARCH_URL is set). A database without full-text search
still answers."""

import pytest
from wagtail.models import Locale

from disclosure.models import DisclosureItemPage
from search import elastic, query, service
from search.engine import BODY_FACTOR, SYNONYM_FACTOR, Filters
from search.segment import index_text

LISHAN_TITLE = "关于做好2014年厉山镇农村土地确权登记工作的通知"


@pytest.fixture
def scope(demo_db):
    return service.scope_for(Locale.get_default())[0]


def test_documents_hold_the_database_index_tokens(demo_db):
    item = DisclosureItemPage.objects.get(title=LISHAN_TITLE)
    item.title = "關於做好2014年厲山鎮農村土地確權登記工作的通知"
    mapping = elastic.ChineseElasticsearch8Mapping(DisclosureItemPage)
    document = mapping.get_document(item)
    assert document["title"] == index_text(LISHAN_TITLE)
    assert "厉山 山镇" in document["title"]
    number = document["disclosure_disclosureitempage__document_number"]
    assert number == index_text("厉政发〔2014〕15号")
    # Filter fields stay as they are.
    assert document["live_filter"] is True


def test_the_query_scores_coverage_like_the_database(scope):
    parsed = query.parse("请问新生儿医保怎么办理")
    body = elastic.build_query(
        parsed, scope, Filters(), elastic.ChineseElasticsearch8Mapping, cap=50
    )
    should = body["query"]["bool"]["should"]
    assert len(should) == len(parsed.groups)
    first = should[0]["dis_max"]["queries"]
    weight = parsed.groups[0].weight
    assert [q["constant_score"]["boost"] for q in first] == [
        round(weight, 3),
        round(weight * SYNONYM_FACTOR, 3),
        round(weight * BODY_FACTOR, 3),
    ]
    title_clause = first[0]["constant_score"]["filter"]["bool"]["should"]
    fields = {next(iter(c["match"])) for c in title_clause}
    assert {"title", "disclosure_disclosureitempage__document_number"} <= fields
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"live_filter": True}} in filters
    assert {"term": {"locale_id_filter": scope.locale_id}} in filters
    assert body["size"] == 50 and body["_source"] is False


def test_filters_become_filter_clauses(scope):
    from disclosure.models import Unit

    unit = Unit.objects.get(slug="lishan")
    parsed = query.parse("防汛")
    body = elastic.build_query(
        parsed,
        scope,
        Filters(units=frozenset([unit.pk]), years=frozenset([2014])),
        elastic.ChineseElasticsearch8Mapping,
    )
    text = str(body["query"]["bool"]["filter"])
    assert "disclosure_disclosureitempage__unit_id_filter" in text
    assert "2014-01-01" in text and "2015-01-01" in text


class FakeElasticsearch:
    def __init__(self, hits):
        self.hits = hits
        self.requests = []

    def search(self, index, **body):
        self.requests.append((index, body))
        return {"hits": {"hits": self.hits}}


def test_candidates_come_back_ranked_with_their_metadata(scope):
    item = DisclosureItemPage.objects.get(title=LISHAN_TITLE)
    other = DisclosureItemPage.objects.exclude(pk=item.pk).first()
    backend = elastic.ChineseElasticsearch8SearchBackend(
        {"URLS": ["http://localhost:9"], "INDEX_PREFIX": "test_"}
    )
    backend.es = FakeElasticsearch(
        [
            {"_id": str(other.pk), "_score": 3.0, "fields": {"pk": [str(other.pk)]}},
            {"_id": str(item.pk), "_score": 9.5, "fields": {"pk": [str(item.pk)]}},
            {"_id": "not-a-page", "_score": 1.0},
        ]
    )
    found = elastic.candidates(backend, query.parse("土地确权"), scope)
    assert [c.id for c in found] == [item.pk, other.pk]
    assert found[0].unit_id == item.unit_id and found[0].date == item.published_on
    index, _body = backend.es.requests[0]
    assert index == "test_wagtailcore_page"


def test_a_database_without_full_text_search_still_answers(scope):
    """SQLite without FTS5 (or MySQL) falls back to Wagtail's plain backend."""
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    from search.metadata import fallback_candidates

    found = fallback_candidates(
        query.parse("土地确权"), scope, DatabaseSearchBackend({})
    )
    item = DisclosureItemPage.objects.get(title=LISHAN_TITLE)
    assert found and found[0].id == item.pk
