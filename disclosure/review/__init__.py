"""Automated review before publishing: secrets, personal data, normativity."""

from . import personal
from .checks import (
    BLOCK,
    CONFIDENTIALITY_RULES,
    WARN,
    Finding,
    Reviewer,
    WordList,
    check_metadata,
    mask_protected,
    protected_spans,
    run_checks,
)
from .extract import ExtractError, Segment, extract, scan_file
from .links import check_external_link, external_links, find_links, split_links

__all__ = [
    "BLOCK",
    "CONFIDENTIALITY_RULES",
    "WARN",
    "ExtractError",
    "Finding",
    "Reviewer",
    "Segment",
    "WordList",
    "check_external_link",
    "check_metadata",
    "extract",
    "external_links",
    "find_links",
    "mask_protected",
    "personal",
    "protected_spans",
    "run_checks",
    "scan_file",
    "split_links",
]
