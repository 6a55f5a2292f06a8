"""The catalog header: a complete one for new catalogs, msgmerge's rules for updated ones.

A new catalog gets every field ``msgfmt -c`` checks, with real values: ``Language`` and
``Plural-Forms`` come from Babel's CLDR data for the target language, so an unknown code is
rejected before anything is written. On re-import the translator's header is kept (as GNU
``msgmerge`` keeps it) and only ``POT-Creation-Date`` is refreshed; fields missing from an
older or hand-made header are filled in.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from babel import Locale
from babel.messages.plurals import get_plural

from workbench import __version__
from workbench.language import resolve_language  # noqa: F401  (its home; callers import it here too)

DATE_FORMAT = "%Y-%m-%d %H:%M%z"


def language_tag(locale: Locale) -> str:
    """The code used for the catalog folder and the ``Language`` field (``en``, ``pt_BR``)."""
    return str(locale)


def plural_forms(locale: Locale) -> str:
    """``nplurals=N; plural=EXPR;`` for the locale, from Babel's CLDR-derived table."""
    return get_plural(locale).plural_forms


def now_utc() -> datetime:
    """The current time, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def format_date(moment: datetime) -> str:
    """A header date as GNU tools write it: ``2026-11-28 16:25+0000``."""
    return moment.strftime(DATE_FORMAT)


def template_metadata(domain: str, created: datetime) -> dict[str, str]:
    """The header of a ``.pot`` template (what xgettext writes, minus placeholders)."""
    return {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(created),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"workbench {__version__}",
    }


def new_catalog_metadata(domain: str, locale: Locale, created: datetime) -> dict[str, str]:
    """The complete header of a newly created catalog; ``msgfmt -c`` accepts it silently."""
    return {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(created),
        "PO-Revision-Date": format_date(created),
        "Last-Translator": "",
        "Language-Team": locale.english_name or language_tag(locale),
        "Language": language_tag(locale),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(locale),
        "X-Generator": f"workbench {__version__}",
    }


def merged_metadata(
    existing: dict[str, str], domain: str, locale: Locale, created: datetime
) -> dict[str, str]:
    """The header after re-import: the existing fields kept, ``POT-Creation-Date`` refreshed,
    and any field ``msgfmt -c`` needs that is missing or empty filled in."""
    complete = new_catalog_metadata(domain, locale, created)
    merged = dict(existing)
    merged["POT-Creation-Date"] = complete["POT-Creation-Date"]
    for key, value in complete.items():
        if key not in merged:
            merged[key] = value
        elif not merged[key].strip() and key in ("Language", "Plural-Forms", "Content-Type"):
            merged[key] = value
    return merged


def header_comment(domain: str, locale: Locale) -> str:
    return (
        f"{locale.english_name or language_tag(locale)} translation of {domain}.\n"
        "Created by 'workbench import'; re-import keeps translations (msgmerge rules)."
    )
