"""A hundred comments posted at the same moment on an open draft all land,
each with its submission event, against the real PostgreSQL."""

import random
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from interaction.models import Comment, CommentEvent, ConsultationPage

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 40  # PostgreSQL allows 100 connections; leave room for the rest
POSTS = 100
DRAFT = "/hudong/zhengji/chengqu-tingche-guanli/"


def arm_captcha(client):
    """A fresh captcha answer in the client's session, as the form's GET
    leaves it (the form itself is rendered in the other tests)."""
    session = client.session
    session["mailbox_captcha"] = {"answer": "7", "at": time.time(), "nonce": "t"}
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    return "7"


def test_100_simultaneous_comments_are_all_stored(demo_transactional, settings):
    # Rate limits are tested elsewhere; their counters live in the shared Redis.
    settings.CONSULTATION_RATE_IP = settings.CONSULTATION_RATE_PHONE = (10_000, 1)
    page = ConsultationPage.objects.get(url_path__endswith="/chengqu-tingche-guanli/")
    articles = [str(a.pk) for a in page.articles.all()]
    before = Comment.objects.filter(consultation=page).count()
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []
    lock = threading.Lock()
    shares = [POSTS // THREADS + (i < POSTS % THREADS) for i in range(THREADS)]

    def citizen(index):
        client = Client(REMOTE_ADDR=f"10.88.{index}.{random.randint(1, 254)}")
        try:
            for n in range(shares[index]):
                data = {
                    "name": "并发测试",
                    "phone": f"1370{index:03d}{n:04d}",
                    "organisation": "",
                    "article": articles[(index + n) % len(articles)],
                    "content": f"同一时刻提交的意见{index}-{n}，每一条都要保存。",
                    "captcha": arm_captcha(client),
                }
                if n == 0:
                    barrier.wait(timeout=120)  # everybody posts at once
                response = client.post(DRAFT, data)
                with lock:
                    statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert statuses == [302] * POSTS
    stored = Comment.objects.filter(consultation=page, name="并发测试")
    assert (
        stored.count()
        == POSTS
        == Comment.objects.filter(consultation=page).count() - before
    )
    assert stored.values("phone").distinct().count() == POSTS
    assert (
        CommentEvent.objects.filter(comment__in=stored, action="submit").count()
        == POSTS
    )
    assert {c.article_label for c in stored} <= {
        a.label for a in page.numbered_articles()
    }
