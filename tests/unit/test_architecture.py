"""The one-way arrows of the README's Architecture, checked on the source:
an import against them fails here, not in a reviewer's reading."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("home", "disclosure", "interaction", "search", "demo")
# What each app may import of the others.
ALLOWED = {
    "disclosure": set(),
    "home": {"disclosure"},
    "interaction": {"disclosure"},
    "search": {"disclosure"},
    "demo": {"home", "disclosure", "interaction", "search"},
}


def imported_modules(path):
    """Every module ``path`` imports, absolute, at any depth of the file."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def sources(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_what_the_arrows_allow(app):
    wrong = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sources(app)
        for module in imported_modules(path)
        if module.split(".")[0] in APPS
        and module.split(".")[0] != app
        and module.split(".")[0] not in ALLOWED[app]
    }
    assert wrong == set()


# The review tasks hand their decisions to the review services through one
# accessor, imported when first called (README, Architecture); Wagtail's
# Task API asks the task model itself for its actions' forms.
MODEL_EXCEPTIONS = {
    ("disclosure/models/review.py", "disclosure.review.workflow"),
    ("disclosure/models/review.py", "disclosure.review.forms"),
}


def test_model_modules_import_no_views_forms_or_workflow_services():
    wrong = set()
    for app in APPS:
        for path in sources(app):
            relative = path.relative_to(ROOT).as_posix()
            if not (relative.endswith("/models.py") or "/models/" in relative):
                continue
            for module in imported_modules(path):
                last = module.split(".")
                if last[0] not in APPS:
                    continue
                if (
                    any(
                        part in {"views", "forms", "workflow", "admin_views"}
                        for part in last[1:]
                    )
                    and (relative, module) not in MODEL_EXCEPTIONS
                ):
                    wrong.add(f"{relative} imports {module}")
    assert wrong == set()
