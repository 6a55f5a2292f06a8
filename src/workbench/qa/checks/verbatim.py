"""URLs, e-mail addresses and file names: they must reach the translation unchanged.

Also used by the number check, which must not count the digits inside them twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import ERROR, finding

URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»“”]+", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
FILE_EXTENSIONS = (
    "jpg jpeg png gif svg webp bmp tif tiff pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt "
    "csv tsv html htm xml json yaml yml po pot mo zip gz tgz tar 7z rar mp3 mp4 wav ogg avi mov "
    "mkv py js css md exe dmg apk"
).split()
FILE_NAME = re.compile(
    r"(?<![\w/.@-])[\w-](?:[\w.-]*[\w-])?\.(?:" + "|".join(FILE_EXTENSIONS) + r")(?![\w.-]*\w)",
    re.IGNORECASE,
)
_MAYBE_FILE_NAME = re.compile(r"\.[A-Za-z0-9]")  # cheap test before the full pattern
_URL_TAIL = ".,;:!?'\"،؛؟»”’)]}"


def urls(text: str) -> list[str]:
    """URLs in ``text``, without the sentence punctuation that may follow them."""
    found = []
    for match in URL.finditer(text):
        url = match.group()
        while url and url[-1] in _URL_TAIL:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        found.append(url)
    return found


def emails(text: str) -> list[str]:
    return [m.group().rstrip(".") for m in EMAIL.finditer(text)]


def file_names(text: str) -> list[str]:
    """File names with a well-known extension, outside URLs and e-mail addresses."""
    if not _MAYBE_FILE_NAME.search(text):
        return []
    return FILE_NAME.findall(strip_links(text))


def strip_links(text: str) -> str:
    """``text`` without URLs and e-mail addresses."""
    if "@" in text:
        text = EMAIL.sub(" ", text)
    if "://" in text or "www." in text.lower():
        text = URL.sub(" ", text)
    return text


def strip_verbatim(text: str) -> str:
    """``text`` without URLs, e-mail addresses and file names."""
    if not _MAYBE_FILE_NAME.search(text):
        return text
    return FILE_NAME.sub(" ", strip_links(text))


def _missing(
    kind: str, check: str, source_items: list[str], target_items: list[str]
) -> Iterator[Diagnostic]:
    """Each source item must stand in the target as a whole item of its own: found by the same
    pattern there, so a lengthened URL ("/hanoi" -> "/hanoi2") counts as altered."""
    in_target = Counter(target_items)
    for item, count in Counter(source_items).items():
        if in_target[item] < count:
            yield finding(
                check,
                ERROR,
                f'{kind} "{item}" is missing or altered in the translation; copy it verbatim',
            )


def check_urls(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    if "://" in source or "www." in source.lower():
        yield from _missing("URL", "urls", urls(source), urls(target))


def check_emails(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    if "@" in source:
        yield from _missing("e-mail address", "emails", emails(source), emails(target))


def check_file_names(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    source_files = file_names(source)
    if source_files:
        yield from _missing("file name", "file-names", source_files, file_names(target))
