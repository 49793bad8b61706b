"""The command line of a real Celery worker for tests that need one."""

import sys


def worker_argv(*, queue=None, loglevel="WARNING"):
    """A single-process worker of the govsite app that starts fast."""
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "govsite",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--loglevel={loglevel}",
    ]
    if queue:
        argv += ["-Q", queue]
    return argv
