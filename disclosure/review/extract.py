"""Text from attachments, for the review checks.

Each supported format yields :class:`Segment` objects: a piece of text and
where it sits in the file ("第3页", "Sheet1!C3", "表1 第2行第3列", "第12行").
Files are read as streams: PDF page by page, spreadsheets row by row in
openpyxl's read-only mode, CSV and text line by line, so a large attachment
never needs to be held whole. :func:`scan_file` runs the checks over the
segments in batches through :meth:`Reviewer.check_parts`.
"""

import codecs
import csv
import io
import logging
import os
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .checks import Reviewer

logger = logging.getLogger(__name__)

TEXT_EXTENSIONS = frozenset(
    {".txt", ".text", ".md", ".html", ".htm", ".xml", ".json", ".log"}
)
FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    **{ext: "text" for ext in TEXT_EXTENSIONS},
}
LEGACY = frozenset({".doc", ".xls", ".wps", ".et", ".ppt", ".pptx", ".dps"})

SNIFF_BYTES = 1 << 20
ROWS_PER_BATCH = 500
LINES_PER_BATCH = 2000
PARAGRAPHS_PER_BATCH = 500


class ExtractError(Exception):
    """An attachment that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Segment:
    text: str
    location: str


def file_format(filename):
    """ "pdf", "docx", "xlsx", "csv" or "text" for ``filename``; raises
    ExtractError for anything else."""
    ext = os.path.splitext(filename)[1].lower()
    if ext in FORMATS:
        return FORMATS[ext]
    if ext in LEGACY:
        raise ExtractError(
            gettext_noop(
                "附件“%(file)s”为旧版或不支持的格式（%(ext)s），"
                "请另存为 PDF、DOCX 或 XLSX 后再上传。"
            )
            % {"file": filename, "ext": ext}
        )
    raise ExtractError(
        gettext_noop("不支持审查附件“%(file)s”的格式。") % {"file": filename}
    )


class _Opened:
    """Binary, seekable stream over a path or a file object."""

    def __init__(self, path_or_file):
        self.source = path_or_file
        self.owned = None

    def __enter__(self):
        if isinstance(self.source, (str, os.PathLike)):
            try:
                self.owned = open(self.source, "rb")  # noqa: SIM115
            except OSError as exc:
                raise ExtractError(
                    gettext_noop("无法打开文件“%(file)s”：%(error)s")
                    % {"file": self.source, "error": exc.strerror}
                ) from exc
            return self.owned
        stream = self.source
        if hasattr(stream, "open") and getattr(stream, "closed", False):
            stream.open("rb")  # a closed Django File
        seekable = getattr(stream, "seekable", lambda: False)()
        if not seekable:
            return io.BytesIO(stream.read())
        stream.seek(0)
        return stream

    def __exit__(self, *exc):
        if self.owned is not None:
            self.owned.close()


def detect_encoding(sample):
    """utf-8-sig, utf-16, utf-8 or gb18030 for a sample of bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    return "utf-8"


def _text_stream(stream):
    sample = stream.read(SNIFF_BYTES)
    stream.seek(0)
    encoding = detect_encoding(sample)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    return text, sample.decode(encoding, errors="ignore")


def read_text(path_or_file):
    """The whole of a text file, decoded as utf-8 or gb18030."""
    with _Opened(path_or_file) as stream:
        raw = stream.read()
    return raw.decode(detect_encoding(raw[:SNIFF_BYTES]), errors="replace")


# --------------------------------------------------------------------------
# Formats. Each yields lists of Segments (batches).


def _pdf(stream, filename):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(
                gettext_noop("附件“%(file)s”已加密，无法审查，请上传未加密的版本。")
                % {"file": filename}
            )
        pages = reader.pages
        count = len(pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise _damaged("PDF", filename) from exc
    for number in range(count):
        try:
            text = pages[number].extract_text() or ""
        except Exception:  # one bad page must not stop the review of the rest
            logger.warning("review: cannot extract page %s of %s", number + 1, filename)
            text = ""
        yield [Segment(text, gettext_noop("第%(page)s页") % {"page": number + 1})]


def _damaged(kind, filename):
    return ExtractError(
        gettext_noop("无法读取 %(kind)s 附件“%(file)s”：文件可能已损坏。")
        % {"kind": kind, "file": filename}
    )


def _table(number):
    return gettext_noop("表%(table)s") % {"table": number}


def _docx_table(table, prefix):
    from docx.table import _Cell

    for row_number, tr in enumerate(table._tbl.tr_lst, 1):
        column = 1
        for tc in tr.tc_lst:
            cell = _Cell(tc, table)
            location = prefix + gettext_noop("第%(row)s行第%(column)s列") % {
                "row": row_number,
                "column": column,
            }
            yield Segment("\n".join(p.text for p in cell.paragraphs), location)
            for number, nested in enumerate(cell.tables, 1):
                yield from _docx_table(nested, f"{location} {_table(number)} ")
            column += tc.grid_span


def _docx_blocks(container, label):
    from docx.table import Table

    paragraphs = 0
    tables = 0
    batch = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            yield list(_docx_table(block, f"{label}{_table(tables)} "))
        else:
            paragraphs += 1
            paragraph = gettext_noop("第%(paragraph)s段") % {"paragraph": paragraphs}
            batch.append(Segment(block.text, label + paragraph))
            if len(batch) >= PARAGRAPHS_PER_BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _docx(stream, filename):
    import docx

    try:
        document = docx.Document(stream)
    except Exception as exc:  # python-docx raises many kinds on a bad package
        raise _damaged("Word", filename) from exc
    yield from _docx_blocks(document, "")
    for number, section in enumerate(document.sections, 1):
        for attr, label in (
            ("header", gettext_noop("页眉")),
            ("first_page_header", gettext_noop("首页页眉")),
            ("even_page_header", gettext_noop("偶数页页眉")),
            ("footer", gettext_noop("页脚")),
            ("first_page_footer", gettext_noop("首页页脚")),
            ("even_page_footer", gettext_noop("偶数页页脚")),
        ):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            section_label = gettext_noop("第%(section)s节") % {"section": number}
            yield from _docx_blocks(part, f"{section_label}{label} ")


def _cell_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A mobile or 15-digit ID typed as a number: 13812345678.0.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    return ""  # dates and times hold no personal data


def _sheet_ref(title):
    if title.replace("_", "").isalnum():
        return title
    return "'" + title.replace("'", "''") + "'"


def _letter(letters, column):
    """The column's letter ("C"), remembered in ``letters`` (one sheet has the
    same few columns on every row)."""
    letter = letters.get(column)
    if letter is None:
        from openpyxl.utils import get_column_letter

        letter = letters[column] = get_column_letter(column)
    return letter


def _xlsx(stream, filename):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, XML errors…
        raise _damaged("Excel", filename) from exc
    letters = {}
    try:
        for sheet in workbook.worksheets:
            # Some writers store a wrong <dimension>; read every row anyway.
            sheet.reset_dimensions()
            ref = _sheet_ref(sheet.title)
            batch = []
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                for column, value in enumerate(row, 1):
                    text = _cell_text(value)
                    if not text:
                        continue
                    letter = _letter(letters, column)
                    batch.append(Segment(text, f"{ref}!{letter}{row_number}"))
                if row_number % ROWS_PER_BATCH == 0 and batch:
                    yield batch
                    batch = []
            if batch:
                yield batch
    finally:
        workbook.close()


def _csv(stream, filename):
    text, sample = _text_stream(stream)
    try:
        dialect = csv.Sniffer().sniff(sample[: 64 * 1024], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    letters = {}
    batch = []
    reader = csv.reader(text, dialect)
    try:
        for row_number, row in enumerate(reader, 1):
            for column, value in enumerate(row, 1):
                if not value:
                    continue
                letter = _letter(letters, column)
                batch.append(Segment(value, f"{letter}{row_number}"))
            if row_number % ROWS_PER_BATCH == 0 and batch:
                yield batch
                batch = []
    except csv.Error as exc:
        raise ExtractError(
            gettext_noop("无法读取 CSV 附件“%(file)s”：%(error)s")
            % {"file": filename, "error": exc}
        ) from exc
    finally:
        text.detach()
    if batch:
        yield batch


def _text(stream, filename):
    text, _sample = _text_stream(stream)
    batch = []
    try:
        for number, line in enumerate(text, 1):
            line = line.rstrip("\r\n")
            if line:
                batch.append(
                    Segment(line, gettext_noop("第%(line)s行") % {"line": number})
                )
            if len(batch) >= LINES_PER_BATCH:
                yield batch
                batch = []
    finally:
        text.detach()
    if batch:
        yield batch


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "csv": _csv, "text": _text}


def _name_of(path_or_file, filename):
    if filename:
        return os.path.basename(str(filename))
    name = getattr(path_or_file, "name", path_or_file)
    return os.path.basename(str(name))


def iter_batches(path_or_file, filename=None):
    """Yield lists of Segments, a page, a few hundred rows or lines at a time."""
    name = _name_of(path_or_file, filename)
    reader = _READERS[file_format(name)]
    with _Opened(path_or_file) as stream:
        yield from reader(stream, name)


def extract(path_or_file, filename=None):
    """All Segments of an attachment (a path or a binary file object); the
    format is taken from ``filename`` (default: the path's name)."""
    return [
        segment for batch in iter_batches(path_or_file, filename) for segment in batch
    ]


def scan_file(path_or_file, filename=None, *, reviewer=None, **kwargs):
    """Run the review checks over an attachment.

    Each finding's ``source`` names the file and the place in it ("名单.xlsx
    Sheet1!C3", "名单.pdf 第2页"); its span is within that segment's text.
    ``kwargs`` (typos, fixed_names, link_checker, internal_hosts) build a
    :class:`Reviewer` unless one is given. Raises ExtractError when the file
    cannot be read.
    """
    name = _name_of(path_or_file, filename)
    if reviewer is None:
        reviewer = Reviewer(**kwargs)
    findings = []
    for batch in iter_batches(path_or_file, name):
        findings.extend(
            reviewer.check_parts([(f"{name} {s.location}", s.text) for s in batch])
        )
    return findings
