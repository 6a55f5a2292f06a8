"""Language tags in one place: how two tags compare, and which glossary serves which catalog.

Tags arrive as gettext locale names (``pt_BR``, ``sr@latin``, ``de_DE.UTF-8@euro``), BCP 47
tags (``en-GB``, ``sr-Latn``) or ISO 639-2 codes (``ara``), in any case. :func:`normalize_tag`
brings them to one lower-case, hyphen-separated form, and every comparison builds on it. The
callers differ on purpose: a glossary applies by primary language (:func:`serves_language`),
the translation memory by subtag prefix (:func:`covers`), TMX variants by equal normalized tags.
What language a catalog is in is the catalog's business: :mod:`workbench.catalog.language`.
A base module: it imports nothing of the workbench.

Hand-written rather than built on ``babel.core.parse_locale``: that one needs the separator
chosen beforehand and raises ``ValueError`` on tags we must accept from headers and TMX files
(empty, ``zh-yue-HK``, ``en_US.UTF-8``, `` en ``), maps no ``@modifier`` to a script, and the
prefix and primary-subtag rules need no locale data, only the normalized string.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "bcp47_tag",
    "covers",
    "is_arabic",
    "normalize_tag",
    "primary_subtag",
    "serves_language",
]

#: gettext ``@modifier`` names that say the script: ``sr@latin`` is BCP 47's ``sr-Latn``.
SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}
#: Modifiers that say nothing about the language (glibc's currency marker).
IGNORED_MODIFIERS = frozenset({"euro"})
ARABIC_PRIMARY_SUBTAGS = frozenset({"ar", "ara"})


def bcp47_tag(tag: str) -> str:
    """``tag`` as the BCP 47 tag TMX's ``xml:lang`` wants, its case kept: trimmed, ``_`` written
    ``-``, a ``.codeset`` dropped and a ``@modifier`` made a subtag: a script one after the
    language (``sr_RS@latin`` -> ``sr-Latn-RS``), ``@euro`` dropped, any other appended as a
    variant (``ca@valencia`` -> ``ca-valencia``)."""
    name, _, modifier = tag.strip().partition("@")
    name = name.partition(".")[0].replace("_", "-")
    modifier = modifier.lower()
    if not modifier or modifier in IGNORED_MODIFIERS:
        return name
    script = SCRIPT_MODIFIERS.get(modifier)
    if script:
        language, _, rest = name.partition("-")
        return "-".join(part for part in (language, script, rest) if part)
    return f"{name}-{modifier}" if name else modifier


@lru_cache(maxsize=512)
def normalize_tag(tag: str) -> str:
    """:func:`bcp47_tag` lower-cased: the one form every comparison builds on. Cached: the
    translation memory normalizes the same few tags for every row it filters."""
    return bcp47_tag(tag).lower()


def primary_subtag(tag: str) -> str:
    """The language part of ``tag``: ``pt_BR`` -> ``pt``, ``AR`` -> ``ar`` ('' for '')."""
    return normalize_tag(tag).partition("-")[0]


def covers(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` may name the same language: equal once normalized, or one a
    subtag prefix of the other (``en`` ~ ``en-GB`` both ways, ``en-GB`` !~ ``en-US``). An
    empty or ``None`` tag means 'any language' and covers every tag."""
    a, b = normalize_tag(a or ""), normalize_tag(b or "")
    if not a or not b:
        return True
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def is_arabic(tag: str) -> bool:
    """Whether ``tag`` names Arabic in any case, region or script (``ar``, ``AR``, ``ar_EG``,
    ``ara``), but not another language starting with the same letters (``arn``, ``arc``)."""
    return primary_subtag(tag) in ARABIC_PRIMARY_SUBTAGS


def serves_language(glossary_language: str | None, language: str) -> bool:
    """Whether a glossary whose translations are in ``glossary_language`` applies to a catalog
    in ``language``: same primary language subtag, any case, region or separator (an English
    glossary serves ``en_GB``, not ``fr``). ``None`` means the glossary's language is unknown:
    it applies everywhere."""
    if not glossary_language:
        return True
    return primary_subtag(glossary_language) == primary_subtag(language)


def resolve_language(code: str) -> Locale:
    """The Babel locale for a target-language code (``en``, ``pt_BR``, ``pt-BR``).

    Raises WorkbenchError when Babel (CLDR) does not know the code.
    """
    from babel import Locale, UnknownLocaleError  # here: babel is slow to import for --help

    cleaned = code.strip().replace("-", "_")
    try:
        return Locale.parse(cleaned, resolve_likely_subtags=False)
    except (UnknownLocaleError, ValueError):
        raise WorkbenchError(
            f"unknown language code '{code}': Babel has no locale data for it",
            hint="use an ISO 639 code such as en, fr, de, pt_BR",
        ) from None
