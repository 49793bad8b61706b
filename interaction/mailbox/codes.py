"""Letter numbers (``2014-00001``) and query codes: the code is shown once to
the writer and only its hash is kept; the applications reuse the helpers."""

import hashlib
import secrets

from django.db.models import F

from ..models import Letter, LetterSequence

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


def allocate_number(year):
    """The next letter number of ``year``, e.g. ``2014-00001``. Must run inside
    the transaction that stores the letter: the counter row stays locked until
    it commits, so concurrent submissions queue for it and none share a
    number, and a rolled-back submission gives its number back."""
    LetterSequence.objects.bulk_create(
        [LetterSequence(year=year, last=0)], ignore_conflicts=True
    )
    LetterSequence.objects.filter(year=year).update(last=F("last") + 1)
    serial = (
        LetterSequence.objects.filter(year=year).values_list("last", flat=True).get()
    )
    return f"{year}-{serial:05d}"


def new_query_code():
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def hash_query_code(number, code):
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


def normalize_number(value):
    value = "".join((value or "").split()).replace("－", "-").replace("—", "-")
    if len(value) == 9 and value.isdigit():
        value = f"{value[:4]}-{value[4:]}"
    return value


def find_by_query_code(queryset, number, code):
    """The record of ``queryset`` (letters, applications) numbered ``number``
    when ``code`` is its query code, else None (compared in constant time)."""
    record = queryset.filter(number=number).first()
    if record is None or not code:
        return None
    if not secrets.compare_digest(
        record.query_code_hash, hash_query_code(number, code)
    ):
        return None
    return record


def find_by_code(number, code):
    """The letter with ``number`` when ``code`` is its query code, else None."""
    return find_by_query_code(Letter.objects.all(), normalize_number(number), code)
