"""Time the review checks on large attachments (not collected by pytest).

Run from the project root:

    .venv/bin/python tests/bench/bench_review.py

Generates a 50-page PDF (needs reportlab) and a 10,000-row XLSX of subsidy
recipients in a temporary directory and prints how long scan_file takes.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.test")

from stdnum.iso7064 import mod_11_2  # noqa: E402

from disclosure.review import Reviewer, scan_file  # noqa: E402

PARAGRAPH = (
    "按照《中华人民共和国政府信息公开条例》和随政办发〔2014〕34号文件要求，"
    "县政府办公室于2014年11月20日组织开展政府信息公开工作检查，"
    "共安排资金1,234,567.89元，咨询电话0722-4321234。"
)


def make_id(rng):
    body = f"4213211{rng.randint(950, 999)}{rng.randint(1, 12):02d}"
    body += f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + mod_11_2.calc_check_digit(body)


def make_pdf(path, pages=50, lines=40):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(1)
    pdf = canvas.Canvas(str(path))
    for page in range(pages):
        pdf.setFont("STSong-Light", 9)
        for line in range(lines):
            start = (page + line) % len(PARAGRAPH)
            text = (PARAGRAPH * 2)[start : start + 45]
            if line == 20 and page % 10 == 0:
                text = f"申请人身份证号{make_id(rng)}，手机13812345678"
            pdf.drawString(30, 810 - 19 * line, text)
        pdf.showPage()
    pdf.save()


def make_xlsx(path, rows=10_000):
    from openpyxl import Workbook

    rng = random.Random(2)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("补贴名单")
    sheet.append(["序号", "姓名", "身份证号", "银行卡号", "补贴金额", "村组", "电话"])
    for number in range(1, rows + 1):
        full = number % 500 == 0
        sheet.append(
            [
                number,
                f"张{number}",
                make_id(rng) if full else f"421321********{rng.randint(0, 9999):04d}",
                f"6222********{rng.randint(0, 9999):04d}",
                round(rng.uniform(100, 5000), 2),
                f"厉山镇双寺村{rng.randint(1, 9)}组",
                f"138****{rng.randint(0, 9999):04d}",
            ]
        )
    workbook.save(path)


def timed(path, reviewer):
    start = time.perf_counter()
    findings = scan_file(path, reviewer=reviewer)
    return time.perf_counter() - start, len(findings)


def main():
    reviewer = Reviewer(internal_hosts=())
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        xlsx = Path(tmp) / "recipients.xlsx"
        make_pdf(pdf)
        make_xlsx(xlsx)
        pdf_time, pdf_found = timed(pdf, reviewer)
        xlsx_time, xlsx_found = timed(xlsx, reviewer)
    print(
        f"review checks: 50-page PDF {pdf_time:.2f} s ({pdf_found} findings), "
        f"10,000-row XLSX {xlsx_time:.2f} s ({xlsx_found} findings)"
    )


if __name__ == "__main__":
    main()
