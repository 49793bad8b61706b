"""Reviewing attachments (disclosure.review.extract) and the review_scan command."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosure.review import ExtractError, Segment, extract, scan_file

ROOT = Path(__file__).resolve().parents[2]
VALID_ID = "420321198001011231"
OTHER_ID = "421321198506150027"


def minimal_pdf(pages):
    """A PDF with one line of ASCII text per page (Helvetica), built by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    font_number = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        objects.append(
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        )
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_number, content_number)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def chinese_pdf(path, pages):
    """A PDF with Chinese text, one list of lines per page (needs reportlab)."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    for lines in pages:
        pdf.setFont("STSong-Light", 11)
        for number, line in enumerate(lines):
            pdf.drawString(50, 800 - 16 * number, line)
        pdf.showPage()
    pdf.save()


def recipients_xlsx(path, rows=3, leak_row=3):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["序号", "姓名", "身份证号", "补贴金额（元）", "联系电话"])
    for number in range(1, rows + 1):
        row = number + 1
        id_number = VALID_ID if row == leak_row else "420321********1234"
        sheet.append([number, f"张{number}", id_number, 1200.5, "138****1234"])
    notes = workbook.create_sheet("说明 2")
    notes["B2"] = "联系人手机"
    notes["C2"] = 13812345678  # typed as a number
    workbook.save(path)


# -- PDF ---------------------------------------------------------------------


def test_pdf_pages(tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(minimal_pdf(["Page one 0722-4321234", f"ID {VALID_ID} here"]))
    segments = extract(path)
    assert [s.location for s in segments] == ["第1页", "第2页"]
    assert VALID_ID in segments[1].text
    (finding,) = scan_file(path)
    assert finding.rule == "id-number"
    assert finding.source == "list.pdf 第2页"
    assert segments[1].text[finding.start : finding.end] == VALID_ID


def test_chinese_pdf(tmp_path):
    path = tmp_path / "名单.pdf"
    chinese_pdf(
        path,
        [
            ["秘密★1年", "关于印了随县2014年度地质灾害防治方案的通知"],
            ["补贴名单", f"张三 身份证号 {OTHER_ID} 电话 13812345678"],
        ],
    )
    found = {(f.rule, f.source) for f in scan_file(path)}
    assert found == {
        ("secret-mark", "名单.pdf 第1页"),
        ("typo", "名单.pdf 第1页"),
        ("id-number", "名单.pdf 第2页"),
        ("mobile-number", "名单.pdf 第2页"),
    }


def test_encrypted_or_broken_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(ExtractError, match="无法读取"):
        scan_file(path)


# -- DOCX --------------------------------------------------------------------


def test_docx_paragraphs_tables_and_header(tmp_path):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "机密★长期"
    document.add_paragraph("随县人民政府办公室")
    document.add_paragraph("请各单位按装好设备。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 2).text = "身份证号"
    table.cell(1, 0).text = "李四"
    table.cell(1, 2).text = OTHER_ID
    path = tmp_path / "通知.docx"
    document.save(path)

    locations = {s.location: s.text for s in extract(path)}
    assert locations["第2段"] == "请各单位按装好设备。"
    assert locations["表1 第2行第3列"] == OTHER_ID
    found = {(f.rule, f.source) for f in scan_file(path)}
    assert found == {
        ("typo", "通知.docx 第2段"),
        ("id-number", "通知.docx 表1 第2行第3列"),
        ("secret-mark", "通知.docx 第1节页眉 第1段"),
    }


# -- XLSX --------------------------------------------------------------------


def test_subsidy_recipients_spreadsheet(tmp_path):
    path = tmp_path / "补贴名单.xlsx"
    recipients_xlsx(path, rows=5, leak_row=4)
    findings = scan_file(path)
    assert [(f.rule, f.source) for f in findings] == [
        ("id-number", "补贴名单.xlsx Sheet1!C4"),
        ("mobile-number", "补贴名单.xlsx '说明 2'!C2"),
    ]
    id_finding = findings[0]
    assert (id_finding.start, id_finding.end) == (0, 18)
    assert id_finding.excerpt == VALID_ID
    assert id_finding.severity == "block"


def test_xlsx_segments(tmp_path):
    path = tmp_path / "a.xlsx"
    recipients_xlsx(path, rows=2)
    segments = extract(path)
    assert Segment(VALID_ID, "Sheet1!C3") in segments
    assert Segment("1200.5", "Sheet1!D2") in segments
    assert Segment("13812345678", "'说明 2'!C2") in segments


def test_xlsx_from_file_object(tmp_path):
    path = tmp_path / "a.xlsx"
    recipients_xlsx(path)
    with open(path, "rb") as handle:
        data = io.BytesIO(handle.read())
    (finding, _mobile) = scan_file(data, "上传.xlsx")
    assert finding.source == "上传.xlsx Sheet1!C3"


def test_broken_xlsx(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK not a zip")
    with pytest.raises(ExtractError, match="Excel"):
        scan_file(path)


# -- CSV and text ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "名单.csv"
    rows = ["序号,姓名,身份证号", "1,王五,420321********1234", f"2,赵六,{VALID_ID}"]
    path.write_bytes("\r\n".join(rows).encode(encoding))
    segments = extract(path)
    assert Segment("王五", "B2") in segments
    (finding,) = scan_file(path)
    assert (finding.rule, finding.source) == ("id-number", "名单.csv C3")


def test_semicolon_csv(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(f"a;b;c\n1;2;{VALID_ID}\n", encoding="utf-8")
    (finding,) = scan_file(path)
    assert finding.source == "x.csv C2"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_text_file(tmp_path, encoding):
    path = tmp_path / "说明.txt"
    path.write_bytes("第一行\n关于印了通知\n手机13812345678\n".encode(encoding))
    found = [(f.rule, f.source) for f in scan_file(path)]
    assert found == [("typo", "说明.txt 第2行"), ("mobile-number", "说明.txt 第3行")]


def test_unsupported_formats(tmp_path):
    for name in ("old.doc", "old.xls", "picture.png"):
        path = tmp_path / name
        path.write_bytes(b"x")
        with pytest.raises(ExtractError):
            extract(path)


# -- review_scan ---------------------------------------------------------------


def test_review_scan_file_blocks(tmp_path, capsys):
    path = tmp_path / "名单.xlsx"
    recipients_xlsx(path)
    with pytest.raises(SystemExit) as exit_info:
        call_command("review_scan", str(path))
    assert exit_info.value.code == 1
    lines = capsys.readouterr().out.splitlines()
    first = json.loads(lines[0])
    assert first["rule"] == "id-number"
    assert first["severity"] == "block"
    assert first["source"] == "名单.xlsx Sheet1!C3"
    assert {"rule", "severity", "start", "end", "excerpt", "message"} <= set(first)


def test_review_scan_warnings_only_exit_zero(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(
        "前文。按照(随政办发[2014]34号)文件，关于印了通知。", encoding="utf-8"
    )
    call_command("review_scan", str(path))
    findings = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [f["rule"] for f in findings] == ["doc-number-format", "typo"]
    assert findings[0]["start"] == 6  # offsets within the whole file
    assert findings[0]["suggestion"] == "随政办发〔2014〕34号"


def test_review_scan_missing_file():
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("review_scan", "/nonexistent/file.txt")


def test_review_scan_stdin(monkeypatch, capsys):
    data = f"身份证{VALID_ID}".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(SystemExit) as exit_info:
        call_command("review_scan", "-")
    assert exit_info.value.code == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["excerpt"] == f"身份证{VALID_ID}"
    assert "\\u" not in line  # ensure_ascii=False


def _manage(*args, stdin=b""):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govsite.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "review_scan", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_review_scan_exit_statuses_in_a_process(tmp_path):
    blocked = _manage("-", stdin="秘密★1年".encode())
    assert blocked.returncode == 1
    assert json.loads(blocked.stdout.decode())["rule"] == "secret-mark"

    clean = _manage("-", stdin="随县人民政府".encode())
    assert (clean.returncode, clean.stdout) == (0, b"")

    missing = _manage(str(tmp_path / "nope.pdf"))
    assert missing.returncode == 2
    assert "文件不存在" in missing.stderr.decode()
