"""Survey benchmark data and the aggregation figure (run by tests/bench/run.py
in the benchmark database's environment).

    python -m tests.bench.bench_surveys --rows 100000

Makes sure a closed open-poll survey with ``--rows`` answers exists (built
once with the demo's generator, reused afterwards), then times the count the
Celery task runs (interaction.surveys.results.aggregate) over all of them.
Prints ``AGGREGATE_SECONDS=``, ``SURVEY_URL=`` and ``SURVEY_ANSWERS=`` lines
for run.py; the goal for 100,000 answers is under 10 seconds."""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.production")

SLUG = "bench-survey"
BATCH = 10_000


def bench_survey(rows):
    from django.utils import timezone

    from demo import surveys as demo
    from disclosure.review.gate import publishing_as_system
    from home.models import HomePage
    from interaction.models import SurveyPage, SurveyResponse
    from interaction.surveys import lifecycle

    index = demo.ensure_index(HomePage.objects.first())
    page = SurveyPage.objects.filter(slug=SLUG).first()
    now = timezone.now().replace(second=0, microsecond=0)
    if page is None:
        spec = dict(demo.RENOVATION, slug=SLUG, title="基准测试调查（十万份答卷）")
        # Benchmark data, like the demo: published without the review.
        with publishing_as_system("bench"):
            page, survey = demo.ensure_survey(
                index, spec, now - timedelta(days=40), now - timedelta(days=10)
            )
    else:
        survey = lifecycle.sync_from_page(page)
    have = SurveyResponse.objects.filter(survey=survey).count()
    started = time.monotonic()
    while have < rows:
        n = min(BATCH, rows - have)
        demo.generate_answers(
            survey, n, survey.opens_at, survey.closes_at, seed=1000 + have
        )
        have += n
        print(f"  答卷 {have}/{rows}", flush=True)
    if time.monotonic() - started > 1:
        print(f"  生成答卷用时 {time.monotonic() - started:.0f} 秒", flush=True)
    return page, survey, have


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from interaction.models import Survey
    from interaction.surveys import lifecycle, results

    page, survey, count = bench_survey(args.rows)
    if survey.status != Survey.Status.CLOSED:
        lifecycle.tick()
    started = time.monotonic()
    figures = results.aggregate(survey, final=True)
    elapsed = time.monotonic() - started
    assert figures.responses == count, (figures.responses, count)
    print(f"SURVEY_ANSWERS={count}")
    print(f"AGGREGATE_SECONDS={elapsed:.2f}")
    print(f"SURVEY_URL={page.url}")


if __name__ == "__main__":
    main()
