"""A task makes a round trip through Redis and a real Celery worker."""

import os
import subprocess
import uuid

import pytest
import redis
from celery.result import allow_join_result

from govsite.celery import app
from interaction.tasks import ping
from tests.workers import worker_argv

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def celery_worker_process():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="false")
    proc = subprocess.Popen(
        worker_argv(queue=queue),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = previous
        proc.terminate()
        proc.wait(timeout=30)


def test_redis_answers():
    assert redis.Redis.from_url(os.environ["REDIS_URL"]).ping()


def test_task_round_trip_through_worker_and_redis(celery_worker_process):
    token = uuid.uuid4().hex
    result = ping.apply_async(args=[token], queue=celery_worker_process)
    # Eager tasks run from many threads by earlier tests can leave Celery's
    # process-wide "inside a task" flag set (it is not thread-safe); this test
    # is not inside a task.
    with allow_join_result():
        assert result.get(timeout=60) == {"pong": token}
    assert result.successful()
