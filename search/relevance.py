"""Measure the search against a labelled set (tests/relevance/suixian.json).

The set holds documents written for the county (disclosure items of its
units, news and notices), references to the demo's documents by title (the
2014 report's), and citizens' queries of every kind the search must answer
(questions, 繁体, typos, synonyms, 文号 and 索引号, long phrases, places),
each with the documents that answer it (grade 2) or help (grade 1).

:func:`load` adds the documents to a site that has the demo loaded;
:func:`evaluate` runs every query through the site search and scores the
first ten results: recall@10 (labelled documents found, out of at most ten)
and nDCG@10 (graded gains 2^g − 1, log2 discount). ``manage.py
search_relevance`` prints them per kind of query; a test holds them above a
floor.
"""

import datetime
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page

from disclosure.review.gate import publishing_as_system

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "relevance" / "suixian.json"
K = 10


def read(path=None):
    return json.loads(Path(path or DEFAULT_SET).read_text(encoding="utf-8"))


def load(data):
    """Add the set's documents to the site; returns {key: page id}."""
    from disclosure.importer import import_rows
    from disclosure.models import DisclosureItemPage

    rows = []
    for doc in data["documents"]:
        formed = datetime.date.fromisoformat(doc["formed_on"])
        rows.append(
            {
                "unit": doc["unit"],
                "title": doc["title"],
                "document_number": doc["document_number"],
                "formed_on": doc["formed_on"],
                "published_on": (formed + datetime.timedelta(days=3)).isoformat(),
                "category": doc["category"],
                "topic": doc["topic"],
                "body": f"<p>{doc['body']}</p>",
                "summary": "",
                "keywords": doc["topic"],
            }
        )
    # The labelled set is the demo's test data; the demo webmaster answers for it.
    result = import_rows(rows, reviewed_by="webmaster", source="relevance set")
    if result.error_lines:
        raise ValueError(f"the relevance set does not import: {result.errors[:3]}")
    titles = {d["title"]: d["key"] for d in data["documents"]}
    ids = {}
    for pk, title in DisclosureItemPage.objects.filter(title__in=titles).values_list(
        "pk", "title"
    ):
        ids[titles[title]] = pk
    for key, title in data["seed"].items():
        page = DisclosureItemPage.objects.filter(title=title).first()
        if page is None:
            raise ValueError(f"the demo has no document “{title}” (load_demo first)")
        ids[key] = page.pk
    # Test data in a transaction the command rolls back: it goes live
    # without review the way the demo does (management commands only).
    with publishing_as_system("search_relevance"):
        ids.update(_load_news(data["news"]))
    return ids


def _load_news(entries):
    from django.apps import apps

    news_index = apps.get_model("home", "NewsIndexPage")
    news_page = apps.get_model("home", "NewsPage")
    sections = {
        p.slug: p for p in news_index.objects.filter(locale=Locale.get_default())
    }
    ids = {}
    for entry in entries:
        section = sections[entry["section"]]
        page = section.add_child(
            instance=news_page(
                title=entry["title"],
                slug=f"relevance-{entry['key']}",
                date=datetime.date.fromisoformat(entry["date"]),
                summary=entry["body"],
                body=f"<p>{entry['body']}</p>",
                live=True,
            )
        )
        ids[entry["key"]] = page.pk
    return ids


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def query_text(query, ids):
    """The query as a citizen types it; ``{index_…:key}`` stands for the
    索引号 of a document, as typed without the hyphen or in full width."""
    text = query["query"]
    if not text.startswith("{index_"):
        return text
    form, key = text.strip("{}").split(":")
    number = Page.objects.get(pk=ids[key]).specific.index_number
    if form == "index_nohyphen":
        return number.replace("-", "", 1)
    return _fullwidth(number)


@dataclass
class Score:
    query: str
    kind: str
    recall: float
    ndcg: float
    found: list = field(default_factory=list)  # ranks (1-based) of labelled docs
    top: list = field(default_factory=list)  # titles of the first results
    shown: str = ""  # the corrected query whose results were shown


def score(ranked, relevant):
    """recall@K and nDCG@K of ``ranked`` page ids against {page id: grade}."""
    top = ranked[:K]
    hits = [pk for pk in top if pk in relevant]
    recall = len(hits) / min(len(relevant), K)
    dcg = sum(
        (2 ** relevant[pk] - 1) / math.log2(rank + 2)
        for rank, pk in enumerate(top)
        if pk in relevant
    )
    ideal = sorted(relevant.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return recall, dcg / idcg if idcg else 0.0


def _relevant(labels, ids):
    """{page id: grade}; a label ``~text`` stands for every live item whose
    title holds ``text`` (the demo's 18 township notices of one kind)."""
    from disclosure.models import DisclosureItemPage

    relevant = {}
    for key, grade in labels.items():
        if key.startswith("~"):
            for pk in (
                DisclosureItemPage.objects.live()
                .filter(title__contains=key[1:])
                .values_list("pk", flat=True)
            ):
                relevant.setdefault(pk, grade)
        else:
            relevant[ids[key]] = grade
    return relevant


def evaluate(data, ids):
    from .service import search

    locale = Locale.get_default()
    scores = []
    for query in data["queries"]:
        text = query_text(query, ids)
        outcome = search(text, locale=locale)
        if outcome.redirect is not None:
            ranked = [outcome.redirect.pk]
        else:
            ranked = [c.id for c in outcome.candidates[:K]]
        relevant = _relevant(query["relevant"], ids)
        recall, ndcg = score(ranked, relevant)
        found = [ranked.index(pk) + 1 for pk in relevant if pk in ranked]
        titles = dict(Page.objects.filter(pk__in=ranked[:3]).values_list("pk", "title"))
        scores.append(
            Score(
                text,
                query["kind"],
                recall,
                ndcg,
                found,
                [titles.get(pk, "") for pk in ranked[:3]],
                outcome.corrected,
            )
        )
    return scores


def summary(scores):
    """{kind: (queries, recall, nDCG)} and the overall figures under "all"."""
    kinds = {}
    for s in scores:
        kinds.setdefault(s.kind, []).append(s)
    kinds["all"] = scores
    return {
        kind: (
            len(group),
            sum(s.recall for s in group) / len(group),
            sum(s.ndcg for s in group) / len(group),
        )
        for kind, group in kinds.items()
    }
