"""Real processes for tests that need them: a Celery worker's and gunicorn's
command lines, and a throw-away redis-server that can be stopped (the machine's shared Redis
is never touched)."""

import shutil
import socket
import subprocess
import sys
import time

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


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


def gunicorn_argv(port, *, workers=2, timeout=None):
    """gunicorn serving the site on 127.0.0.1:``port``."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "govsite.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if timeout:
        argv += ["--timeout", str(timeout)]
    return argv


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=60, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


class PrivateRedis:
    """A throw-away redis-server that can be stopped and started again on
    the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_for(lambda: self._ping(client), timeout=20, message="redis-server")

    @staticmethod
    def _ping(client):
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
