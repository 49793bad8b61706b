"""The synonym list every site starts with (search/data/synonyms.txt).

The migration adds it to a new database; ``load_demo`` adds it again to a
database that was emptied (``flush``), like the rest of what migrations
create."""

from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def seed_lines():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ensure_synonyms(model=None):
    """Add the seed list when there is no synonym at all; returns how many."""
    if model is None:
        from .models import SynonymGroup as model
    if model.objects.exists():
        return 0
    created = model.objects.bulk_create(model(terms=line) for line in seed_lines())
    from .lexicon import bump_version

    bump_version()
    return len(created)
