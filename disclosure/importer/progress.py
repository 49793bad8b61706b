"""What an import run reports: per-line errors, the result and its summary,
and the progress shown while it runs (a tqdm bar on a terminal, a line every
N rows in logs)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem of one input line; ``str()`` gives the reported line."""

    line: int
    message: str
    warning: bool = False

    def __str__(self):
        if self.warning:
            return f"第 {self.line} 行（提示）：{self.message}"
        return f"第 {self.line} 行：{self.message}"


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    import_seconds: float = 0.0
    index_seconds: float = 0.0
    indexed: int = 0
    dry_run: bool = False

    @property
    def rows(self):
        return self.imported + self.skipped + self.rejected

    @property
    def exit_code(self):
        """0 when every row was imported or already there, 1 otherwise."""
        return 1 if self.rejected else 0

    @property
    def error_lines(self):
        return [str(error) for error in self.errors]

    def summary(self):
        if self.dry_run:
            return (
                f"校验：可导入 {self.imported} 条，跳过 {self.skipped} 条（已存在），"
                f"错误 {self.rejected} 条（未写入数据库）"
            )
        return (
            f"导入 {self.imported} 条，跳过 {self.skipped} 条（已存在），"
            f"错误 {self.rejected} 条"
        )

    def timing(self):
        text = f"写入用时 {self.import_seconds:.1f} 秒"
        if self.indexed:
            text += f"，搜索索引 {self.indexed} 条用时 {self.index_seconds:.1f} 秒"
        return text


class _NoProgress:
    def update(self, rows, errors):
        pass

    def write(self, message, file=None):
        (file or sys.stdout).write(message + "\n")

    def close(self):
        pass


class _LineProgress(_NoProgress):
    """A line every ``every`` rows, for logs and pipes."""

    def __init__(self, stream, total=None, every=10_000):
        self.stream = stream
        self.total = total
        self.every = every
        self.done = 0
        self.errors = 0
        self.started = time.monotonic()
        self._next = every

    def update(self, rows, errors):
        self.done += rows
        self.errors = errors
        if self.done >= self._next:
            self._next = (self.done // self.every + 1) * self.every
            self._line()

    def _line(self):
        total = f"/{self.total}" if self.total else ""
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"已处理 {self.done}{total} 行，错误 {self.errors} 条，用时 {elapsed:.0f} 秒\n"
        )
        self.stream.flush()

    def close(self):
        if self.done and self.done != self._next - self.every:
            self._line()


class _TqdmProgress(_NoProgress):
    def __init__(self, stream, total=None):
        from tqdm import tqdm

        self._tqdm = tqdm
        self.bar = tqdm(
            total=total, file=stream, unit="行", desc="导入", dynamic_ncols=True
        )

    def update(self, rows, errors):
        self.bar.update(rows)
        self.bar.set_postfix_str(f"错误 {errors}", refresh=False)

    def write(self, message, file=None):
        self._tqdm.write(message, file=file or sys.stdout)

    def close(self):
        self.bar.close()


def make_progress(stream=None, total=None, every=10_000):
    """A tqdm bar on ``stream`` (stderr by default) when it is a terminal, else
    a line every ``every`` rows. The object has ``update(rows, errors)``,
    ``write(message, file=None)`` and ``close()``."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return _TqdmProgress(stream, total)
    return _LineProgress(stream, total, every)
