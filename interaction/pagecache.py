"""What the interaction pages show, kept current in the full-page cache
(disclosure/pagecache.py): letters (the published ones, and the figures that
count every letter), survey results and states, interview transcripts and
questions, consultation comments. Each change bumps the LISTS tag (the
interaction pages and the home page depend on it), or for a letter still in
hand only the LETTERS tag of the mailbox pages, now and once the transaction
commits."""

from django.db.models.signals import post_delete, post_init, post_save
from wagtail import hooks

from disclosure.cache import LISTS, bump_tags_on_commit
from disclosure.pagecache import add_page_cache_tags

from .models import (
    Comment,
    InteractionIndexPage,
    Letter,
    MailboxPage,
    Question,
    Survey,
    SurveyResults,
    TranscriptEntry,
)

# The mailbox pages: the letters published, the figures over all letters.
LETTERS = "letters"


def _changed(sender, **kwargs):
    bump_tags_on_commit(LISTS)


_UNKNOWN = object()


def _letter_loaded(sender, instance, **kwargs):
    # Deferred fields stay deferred (no query per letter loaded).
    instance._page_cache_published_at = instance.__dict__.get("published_at", _UNKNOWN)


def _letter_saved(sender, instance, **kwargs):
    # Every letter counts in the figures; a public one shows in the lists.
    before = getattr(instance, "_page_cache_published_at", _UNKNOWN)
    now = instance.__dict__.get("published_at", _UNKNOWN)
    if before is not None or now is not None:
        bump_tags_on_commit(LISTS, LETTERS)
    else:
        bump_tags_on_commit(LETTERS)
    instance._page_cache_published_at = now


@hooks.register("before_serve_page")
def _mailbox_pages(page, request, serve_args, serve_kwargs):
    if isinstance(page, (InteractionIndexPage, MailboxPage)):
        add_page_cache_tags(request, LETTERS)


def connect():
    for model in (Survey, SurveyResults, TranscriptEntry, Question, Comment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"page-cache-del-{model}"
        )
    post_init.connect(_letter_loaded, sender=Letter, dispatch_uid="page-cache-letter")
    post_save.connect(_letter_saved, sender=Letter, dispatch_uid="page-cache-letter")
    post_delete.connect(
        _letter_saved, sender=Letter, dispatch_uid="page-cache-letter-del"
    )
