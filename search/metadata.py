"""Candidates found by another engine (Elasticsearch, or a database without
full-text search), completed with the metadata the filters and facets need
from the database, in a bounded number of queries."""

from .engine import BODY_FACTOR, CAP, Candidate, _date


def with_metadata(scored, scope):
    """Candidates for (page id, score) pairs from another engine, with the
    metadata read from the database: one query for the pages and one per
    registered type that has a date, unit or category."""
    from wagtail.models import Page

    scores = dict(scored)
    if not scores:
        return []
    pages = {
        pk: [ct, path, first_published, None, None]
        for pk, ct, path, first_published in Page.objects.filter(
            pk__in=scores
        ).values_list("pk", "content_type_id", "path", "first_published_at")
    }
    for stype in scope.types:
        fields = [stype.date or "pk", stype.unit or "pk", stype.category or "pk"]
        ids = [pk for pk, row in pages.items() if row[0] == stype.content_type_id]
        if not ids:
            continue
        for pk, date, unit, category in stype.model.objects.filter(
            pk__in=ids
        ).values_list("pk", *fields):
            row = pages[pk]
            if stype.date:
                row[2] = date
            row[3] = unit if stype.unit else None
            row[4] = category if stype.category else None
    found = [
        Candidate(
            id=pk,
            content_type_id=row[0],
            path=row[1],
            date=_date(row[2]),
            unit_id=row[3],
            category_id=row[4],
            score=scores[pk],
        )
        for pk, row in pages.items()
    ]
    found.sort(key=lambda c: (-c.score, -(c.date.toordinal() if c.date else 0), -c.id))
    return found


def fallback_candidates(query, scope, backend, cap=CAP):
    """Candidates from a backend without an index of ours (SQLite without
    FTS5, MySQL): the backend finds pages holding any strong word, scored
    here on their titles only."""
    from wagtail.models import Page

    from .normalize import normalize

    words = " ".join(g.word for g in query.strong_groups)
    pages = (
        Page.objects.live()
        .filter(locale_id=scope.locale_id, depth__gt=2)
        .only("pk", "title")
    )
    found = backend.search(words, pages, operator="or", order_by_relevance=False)
    scored = []
    for page in found[:cap]:
        title = normalize(page.title)
        score = sum(
            g.weight * (1.0 if any(t in title for t in g.terms) else BODY_FACTOR)
            for g in query.groups
        )
        scored.append((page.pk, score))
    return with_metadata(scored, scope)
