"""What the interaction pages show, kept current in the full-page cache
(disclosure/pagecache.py): a letter published or withdrawn, survey results and
states, interview transcripts and questions, consultation comments. Each
change bumps the LISTS tag (the interaction pages and the home page depend on
it) once the transaction commits."""

from django.db.models.signals import post_delete, post_init, post_save

from disclosure.cache import LISTS, bump_tags_on_commit

from .models import Comment, Letter, Question, Survey, SurveyResults, TranscriptEntry


def _changed(sender, **kwargs):
    bump_tags_on_commit(LISTS)


_UNKNOWN = object()


def _letter_loaded(sender, instance, **kwargs):
    # Deferred fields stay deferred (no query per letter loaded).
    instance._page_cache_published_at = instance.__dict__.get("published_at", _UNKNOWN)


def _letter_saved(sender, instance, **kwargs):
    # Only public letters show on pages: a letter being handled changes none.
    before = getattr(instance, "_page_cache_published_at", _UNKNOWN)
    now = instance.__dict__.get("published_at", _UNKNOWN)
    if before is not None or now is not None:
        bump_tags_on_commit(LISTS)
    instance._page_cache_published_at = now


def connect():
    for model in (Survey, SurveyResults, TranscriptEntry, Question, Comment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"page-cache-del-{model}"
        )
    post_init.connect(_letter_loaded, sender=Letter, dispatch_uid="page-cache-letter")
    post_save.connect(_letter_saved, sender=Letter, dispatch_uid="page-cache-letter")
    post_delete.connect(_changed, sender=Letter, dispatch_uid="page-cache-letter-del")
