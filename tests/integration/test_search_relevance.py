"""The labelled relevance set (tests/relevance/suixian.json, search/relevance.py):
recall@10 and nDCG@10 of the site search stay above a floor, on every
backend available: the database one always (SQLite or PostgreSQL, whichever
DATABASE_URL names), Elasticsearch when ELASTICSEARCH_URL is set.

``manage.py search_relevance --details`` prints the same figures per kind of
query. Measured: recall@10 1.000 and nDCG@10 0.964 on PostgreSQL, 1.000 and
0.959 on SQLite; the floor leaves room for small changes in ranking."""

import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from search import relevance

RECALL_FLOOR = 0.95
NDCG_FLOOR = 0.93
KIND_FLOOR = 0.85

DATABASE = {"default": {"BACKEND": "search.backends"}}


def check(scores):
    figures = relevance.summary(scores)
    report = "\n".join(
        f"{kind}: n={n} recall@10={r:.3f} nDCG@10={g:.3f}"
        for kind, (n, r, g) in figures.items()
    )
    print(report)
    _n, recall, ndcg = figures["all"]
    assert recall >= RECALL_FLOOR, report
    assert ndcg >= NDCG_FLOOR, report
    for kind, (_n, kind_recall, _ndcg) in figures.items():
        assert kind_recall >= KIND_FLOOR, (kind, report)


def test_the_database_backend_answers_the_labelled_queries(demo_db):
    data = relevance.read()
    assert len(data["documents"]) + len(data["news"]) + len(data["seed"]) >= 200
    assert len(data["queries"]) >= 60
    with override_settings(WAGTAILSEARCH_BACKENDS=DATABASE):
        ids = relevance.load(data)
        check(relevance.evaluate(data, ids))


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"
)
def test_elasticsearch_answers_the_labelled_queries(demo_db):
    data = relevance.read()
    ids = relevance.load(data)
    call_command("update_index", verbosity=0)
    check(relevance.evaluate(data, ids))
