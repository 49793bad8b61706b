"""The outbox relay hands at most RELAY_BACKLOG publications to its thread;
beyond that they are left to the sweep (their rows stay pending), so a
broker that hangs cannot pile up work in a web process."""

import threading

import pytest

from interaction import outbox
from interaction.tasks import send_notification


@pytest.fixture
def broker_mode():
    """dispatch() as with a broker (not the tests' inline tasks)."""
    conf = send_notification.app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = eager


def test_a_full_backlog_leaves_publications_to_the_sweep(
    broker_mode, monkeypatch, caplog
):
    monkeypatch.setattr(outbox, "RELAY_BACKLOG", 2)
    published = []
    monkeypatch.setattr(outbox, "_publish", published.append)
    gate = threading.Event()
    outbox.drain()
    # The relay is busy (a hanging broker): what is handed to it waits.
    outbox._relay_executor().submit(gate.wait, 10)
    for pk in range(1, 7):
        outbox.dispatch(pk)
    assert "backlog full" in caplog.text
    gate.set()
    outbox.drain()
    assert published == [1, 2, 3]
    # Once the relay has caught up, it takes publications again.
    outbox.dispatch(7)
    outbox.drain()
    assert published == [1, 2, 3, 7]
