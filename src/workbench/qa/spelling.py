"""Spelling of the target language, from a maintained Hunspell dictionary (Debian's
``hunspell-en-us`` for English), through pyenchant's Hunspell provider.

Why pyenchant and not spylls (both read the same ``.aff``/``.dic`` files): measured on this
machine (``bench/spelling.py``, docs/PERFORMANCE.md), pyenchant opens ``en_US`` in about 0.05 s
and checks a word in about 5 µs (C Hunspell behind libenchant); spylls, pure Python, needs about
0.5 s to open it and 20 µs and more per word. The TUI checks the whole translation each time
typing pauses, and ``workbench qa`` opens the dictionary at every run: pyenchant is the one fast
enough at both. Enchant is asked for its *Hunspell* provider only, so another provider's
dictionary (aspell's ``en_US``) is never used in its place.

What is never flagged: words of the approved glossary translations, words copied from the
source (names in Latin script), URLs, e-mail addresses and file names, the placeholders of the
entry's format flags (``%(name)s``, ``{0}``), the document markup placeholders (``<b0>``), and
numbers (the glossary's term placeholders, 9071..., are numbers). Words of one letter and words
in capitals (acronyms: UNODC) are not checked either, as word processors leave them by default.

A word's place in the text is kept (:class:`Misspelling`), so the TUI can underline it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.glossary import Glossary

#: Where Debian's hunspell-* packages put their dictionaries (named in the missing message).
HUNSPELL_FOLDER = "/usr/share/hunspell"
#: The region of a bare language's default dictionary (``en`` is checked with ``en_US``).
DEFAULT_REGIONS = {"en": "US", "pt": "PT", "zh": "CN", "sv": "SE", "da": "DK", "nb": "NO"}
#: A word: letters, with inner apostrophes (isn't, Minister's); digits and ``_`` split words.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MAX_CACHED_WORDS = 50_000


class DictionaryMissing(WorkbenchError):
    """No Hunspell dictionary for a language: spelling is not checked, the rest still is."""


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, at ``text[start:end]``."""

    start: int
    end: int
    word: str


def dictionary_tags(language: str) -> list[str]:
    """The Hunspell dictionaries that serve ``language`` (``en``, ``en-GB``, ``en_US``), best
    first: the tag as given, then the language's default region, then the bare language."""
    parts = re.split(r"[-_]", language.strip())
    primary = parts[0].lower()
    tags = []
    if len(parts) > 1 and parts[1]:
        tags.append(f"{primary}_{parts[1].upper()}")
    tags += [f"{primary}_{DEFAULT_REGIONS.get(primary, primary.upper())}", primary]
    return list(dict.fromkeys(tags))


def missing_dictionary_message(language: str, tags: Sequence[str]) -> str:
    """The one line said when no dictionary serves ``language``."""
    primary = tags[-1] if tags else language
    names = " or ".join(f"{tag}.dic" for tag in tags)
    return (
        f"spelling not checked for '{language}': no Hunspell dictionary ({names}) in "
        f"{HUNSPELL_FOLDER}; install one (Debian: a hunspell-{primary}* package, as "
        "hunspell-en-us for en_US); the other checks ran"
    )


def _open_hunspell(tag: str) -> Any:
    """Enchant's Hunspell dictionary for ``tag``, or None (another provider's is refused)."""
    import enchant

    broker = enchant.Broker()
    broker.set_ordering(tag, "hunspell")
    try:
        found = broker.request_dict(tag)
    except enchant.errors.DictNotFoundError:
        return None
    return found if found.provider.name == "hunspell" else None


def load_speller(language: str) -> Speller:
    """The speller for ``language``; :class:`DictionaryMissing` when no Hunspell dictionary
    (or libenchant itself) is installed."""
    tags = dictionary_tags(language)
    try:
        import enchant  # noqa: F401  (libenchant is loaded here: it may be missing)
    except ImportError as exc:
        raise DictionaryMissing(
            f"spelling not checked: pyenchant cannot load libenchant ({exc}); "
            "install libenchant-2-2 (Debian); the other checks ran"
        ) from None
    for tag in tags:
        found = _open_hunspell(tag)
        if found is not None:
            return Speller(tag, found)
    raise DictionaryMissing(missing_dictionary_message(language, tags))


class Speller:
    """Checks words against one Hunspell dictionary; each word is looked up once (cached), so
    re-checking a translation as it is typed costs only its new words."""

    def __init__(self, tag: str, dictionary: Any) -> None:
        self.tag = tag
        self._dictionary = dictionary
        self._known: dict[str, bool] = {}
        self._lock = threading.Lock()  # an enchant dictionary is not shared between threads

    def knows(self, word: str) -> bool:
        """Whether the dictionary accepts ``word`` (a typographic apostrophe read as ')."""
        known = self._known.get(word)
        if known is None:
            with self._lock:
                known = bool(self._dictionary.check(word.replace("’", "'")))
                if len(self._known) >= _MAX_CACHED_WORDS:
                    self._known.clear()
                self._known[word] = known
        return known

    def misspellings(
        self,
        text: str,
        *,
        source: str = "",
        formats: Sequence[str] = (),
        allowed: Iterable[str] = (),
    ) -> list[Misspelling]:
        """The words of ``text`` the dictionary does not know, in order; see the module's
        docstring for what is never flagged. ``formats``: the format flags the entry's
        placeholders follow (:attr:`~workbench.catalog.po.flags.FlagReading.formats`);
        ``allowed``: further words to accept (casefolded), e.g. :func:`glossary_words`."""
        masked = mask_verbatim(text, formats)
        copied = {word.casefold() for word in WORD.findall(source)} if source else set()
        allowed = allowed if isinstance(allowed, set | frozenset) else set(allowed)
        found = []
        for match in WORD.finditer(masked):
            word = match.group()
            if len(word) < 2 or word.isupper():
                continue
            folded = word.casefold()
            if folded in copied or folded in allowed or self.knows(word):
                continue
            found.append(Misspelling(match.start(), match.end(), word))
        return found


def glossary_words(glossary: Glossary | None) -> frozenset[str]:
    """The words of the glossary's approved translations, casefolded: never flagged."""
    if glossary is None:
        return frozenset()
    return frozenset(
        word.casefold() for term in glossary.terms for word in WORD.findall(term.target)
    )


def mask_verbatim(text: str, formats: Sequence[str] = ()) -> str:
    """``text`` with what is copied, not spelt, blanked out (same length, so offsets hold):
    URLs, e-mail addresses, file names, markup placeholders, format placeholders."""
    from workbench.documents.markup import PLACEHOLDER
    from workbench.qa.checks.verbatim import EMAIL, FILE_NAME, URL

    spans: list[tuple[int, int]] = []
    if "@" in text:
        spans += [m.span() for m in EMAIL.finditer(text)]
    if "://" in text or "www." in text.lower():
        spans += [m.span() for m in URL.finditer(text)]
    if "." in text:
        spans += [m.span() for m in FILE_NAME.finditer(text)]
    if "<" in text:
        spans += [m.span() for m in PLACEHOLDER.finditer(text)]
    for language in formats:
        spans += _format_spans(text, language)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _format_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Character spans of the format placeholders of ``text`` (the parser gives byte spans)."""
    from workbench.catalog.format_strings import directive_spans

    data = text.encode("utf-8", "surrogatepass")
    spans = directive_spans(language, data)
    if not spans:
        return []

    def chars(offset: int) -> int:
        return len(data[:offset].decode("utf-8", "surrogatepass"))

    return [(chars(start), chars(end)) for start, end in spans]


class Spellers:
    """One speller per catalog language for a whole ``workbench qa`` run, opened on first use;
    a language without a dictionary is remembered with the line saying so (:attr:`missing`),
    once, and its catalogs are checked without spelling."""

    def __init__(self) -> None:
        self._found: dict[str, Speller | None] = {}
        self.missing: dict[str, str] = {}

    def for_language(self, language: str) -> Speller | None:
        if language not in self._found:
            try:
                self._found[language] = load_speller(language)
            except DictionaryMissing as exc:
                self._found[language] = None
                self.missing[language] = exc.message
        return self._found[language]


@dataclass(frozen=True)
class SpellingCheck:
    """A speller with the words it must accept besides its dictionary (the glossary's
    approved translations): what QA and the TUI check a translation with."""

    speller: Speller
    allowed: frozenset[str] = frozenset()

    @classmethod
    def with_glossary(cls, speller: Speller, glossary: Glossary | None) -> SpellingCheck:
        return cls(speller, glossary_words(glossary))

    def misspellings(
        self, source: str, target: str, formats: Sequence[str] = ()
    ) -> list[Misspelling]:
        """The words of ``target`` (translating ``source``) to flag."""
        return self.speller.misspellings(
            target, source=source, formats=formats, allowed=self.allowed
        )
