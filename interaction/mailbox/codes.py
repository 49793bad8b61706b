"""Letter numbers (``2014-00001``) and query codes: the code is shown once to
the writer and only its hash is kept; the applications reuse the helpers."""

import hashlib
import secrets

from ..models import Letter, LetterSequence

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


def allocate_number(year):
    """The next letter number of ``year``, e.g. ``2014-00001`` (see
    :meth:`YearSequence.next_serial`)."""
    return f"{year}-{LetterSequence.next_serial(year):05d}"


def placeholder_number():
    """A unique stand-in for a new record's number: the counter row stays
    locked from allocating the number to the commit, so it is taken last."""
    return f"~{secrets.token_hex(9)}"


def set_number(record, number, code):
    """Give ``record`` its real ``number`` and the hash of its query code."""
    record.number = number
    record.query_code_hash = hash_query_code(number, code)
    record.save(update_fields=["number", "query_code_hash"])


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
