"""TBX-Basic import and export (ISO 30042).

Reads TBX-Basic 2008 (``martif``: ``termEntry``/``langSet``/``tig`` or ``ntig``/``termGrp``) and
the 2019 dialect's element names (``tbx``: ``conceptEntry``/``langSec``/``termSec``). The Arabic
``langSet`` gives the source term(s); the translations come from one other ``langSet`` per
entry, the one serving the wanted target language (:func:`pick_target_language`). In it, terms
whose ``administrativeStatus`` (or ``normativeAuthorization``) is deprecated, superseded or
forbidden become rejected renderings and the first other term is the approved translation.
Entry-level ``note``/``descrip`` elements become the note. Writes TBX-Basic 2008, which OmegaT,
Trados and memoQ import.

Parsed with expat directly (not ElementTree's parse) to keep each element's line number for error
messages; expat never fetches the external DTD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from xml.parsers import expat

from workbench.diagnostic import Diagnostic
from workbench.glossary.model import Term, glossary_problem
from workbench.language import bcp47_tag, is_arabic, normalize_tag, serves_language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTRY_TAGS = {"termEntry", "conceptEntry"}
LANG_TAGS = {"langSet", "langSec"}
TERM_GROUP_TAGS = {"tig", "ntig", "termSec"}
STATUS_TYPES = {"administrativeStatus", "normativeAuthorization"}
REJECTED_STATUSES = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "deprecatedterm",
    "superseded",
    "forbidden",
    "forbiddenterm-admn-sts",
}
NOTE_TAGS = {"note", "descrip"}
#: The translations' language when none is wanted or an entry lacks the wanted one (reading),
#: and the one a new TBX records when the project configures none (``target_languages = []``):
#: English, what opus-mt and the shipped glossary give, and what files read before the reader
#: knew the project's language.
FALLBACK_TARGET_LANGUAGE = "en"


class _EntityNotRead(Exception):
    """Text uses an entity whose replacement is not read (external, or from an external DTD)."""

    def __init__(self, line: int, name: str) -> None:
        super().__init__(name)
        self.problem = glossary_problem(
            line,
            "bad-line",
            f"the text uses the entity {name}: workbench does not read files or URLs a TBX file "
            "names, nor entities declared in an external DTD (they can leak local files or hang "
            "on the network); replace it with its text",
        )


class _Tree:
    """An ElementTree built from expat events, with the start line of every element."""

    def __init__(self) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self.builder.end
        self.parser.CharacterDataHandler = self.builder.data
        self.parser.buffer_text = True
        self.parser.ExternalEntityRefHandler = self._external_entity
        self.parser.SkippedEntityHandler = self._skipped_entity

    def _external_entity(
        self, context: str, base: str | None, sysid: str | None, pubid: str | None
    ) -> int:
        raise _EntityNotRead(self.parser.CurrentLineNumber, f"&{context}; ({sysid})")

    def _skipped_entity(self, name: str, is_parameter_entity: bool) -> None:
        if not is_parameter_entity:
            raise _EntityNotRead(self.parser.CurrentLineNumber, f"&{name};")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if "xml:lang" in attrs:
            attrs[XML_LANG] = attrs.pop("xml:lang")
        element = self.builder.start(_local(tag), attrs)
        self.lines[id(element)] = self.parser.CurrentLineNumber

    def parse(self, text: str) -> ET.Element:
        self.parser.Parse(text, True)
        return self.builder.close()


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1] if ":" in tag and not tag.startswith("xml:") else tag


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lang(element: ET.Element) -> str:
    """The element's language tag as the file spells it (a rewrite keeps its case)."""
    return element.get(XML_LANG, element.get("lang", "")).strip()


def pick_target_language(languages: Sequence[str], wanted: str | None) -> str | None:
    """Which of ``languages`` (an entry's or a file's non-Arabic tags, in file order) holds the
    translations: the one equal to ``wanted`` once normalized (``fr-CA`` among ``fr``, ``fr-CA``),
    else the first serving it (same primary subtag, as
    :func:`~workbench.language.serves_language`), else the first English one
    (:data:`FALLBACK_TARGET_LANGUAGE`), else the first; ``None`` when there is none.

    Falling back rather than refusing keeps a glossary without the wanted language usable, as
    it was before the reader knew the project's language."""
    if wanted:
        serving = [lang for lang in languages if serves_language(wanted, lang)]
        exact = normalize_tag(wanted)
        if serving:
            return next((lang for lang in serving if normalize_tag(lang) == exact), serving[0])
    english = (lang for lang in languages if serves_language(FALLBACK_TARGET_LANGUAGE, lang))
    return next(english, next(iter(languages), None))


def _read_group(group: ET.Element) -> tuple[str, bool]:
    """The term of a tig/ntig/termSec and whether its status rejects it."""
    term = next((e for e in group.iter("term")), None)
    rejected = any(
        e.get("type") in STATUS_TYPES and _text(e).lower() in REJECTED_STATUSES
        for e in group.iter("termNote")
    )
    return (_text(term) if term is not None else ""), rejected


def _parse_root(text: str) -> tuple[ET.Element | None, _Tree, Diagnostic | None]:
    """The document's root element, or the problem that keeps it from being TBX."""
    tree = _Tree()
    try:
        root = tree.parse(text)
    except expat.ExpatError as exc:
        message = f"not well-formed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})"
        return None, tree, glossary_problem(exc.lineno, "bad-line", message)
    except _EntityNotRead as exc:
        return None, tree, exc.problem
    if root.tag not in {"martif", "tbx"}:
        problem = glossary_problem(
            tree.lines.get(id(root)), "bad-line", f"not a TBX file: root element <{root.tag}>"
        )
        return None, tree, problem
    return root, tree, None


def parse_tbx(
    text: str, target_language: str | None = None
) -> tuple[list[Term], list[Diagnostic]]:
    """The terms of a TBX document, translated into ``target_language`` where an entry has it
    (:func:`pick_target_language` says which ``langSet`` otherwise), and its problems."""
    from workbench.glossary.formats.tsv import control_character_problem

    root, tree, problem = _parse_root(text)
    if root is None:
        return [], [problem] if problem else []
    terms: list[Term] = []
    problems: list[Diagnostic] = []
    for entry in root.iter():
        if entry.tag not in ENTRY_TAGS:
            continue
        line = tree.lines.get(id(entry))
        # before whitespace is collapsed (U+0085 would become a space); XML 1.0 cannot hold C0
        found = control_character_problem(line, {"entry": "".join(entry.itertext())}, "\t\n\r")
        if found is not None:
            problems.append(found)
            continue
        notes = [_text(e) for e in entry if e.tag in NOTE_TAGS and _text(e)]
        sources: list[str] = []
        targets: dict[str, list[str]] = {}
        rejected: dict[str, list[str]] = {}
        for lang_set in (e for e in entry if e.tag in LANG_TAGS):
            lang = _lang(lang_set)
            notes += [_text(e) for e in lang_set if e.tag in NOTE_TAGS and _text(e)]
            for group in (e for e in lang_set if e.tag in TERM_GROUP_TAGS):
                term, is_rejected = _read_group(group)
                if not term:
                    continue
                if is_arabic(lang):
                    if not is_rejected:
                        sources.append(term)
                else:
                    (rejected if is_rejected else targets).setdefault(lang, []).append(term)
        target_lang = pick_target_language(list(targets), target_language)
        if not sources:
            problems.append(glossary_problem(line, "empty", "entry without an Arabic term"))
            continue
        if target_lang is None:
            problems.append(
                glossary_problem(line, "empty", "entry without an approved translation")
            )
            continue
        note = "; ".join(notes)
        for source in sources:
            terms.append(
                Term(source, targets[target_lang][0], note,
                     tuple(rejected.get(target_lang, ())), line)
            )
    return terms, problems


def tbx_languages(text: str) -> list[str]:
    """The non-Arabic ``langSet`` tags of a TBX document, once each, in file order and spelled
    as there; none for a document that is not TBX."""
    root, _, _ = _parse_root(text)
    if root is None:
        return []
    return list(
        dict.fromkeys(
            lang
            for lang_set in root.iter()
            if lang_set.tag in LANG_TAGS and (lang := _lang(lang_set)) and not is_arabic(lang)
        )
    )


def format_tbx(terms: list[Term], target_language: str) -> str:
    """A TBX-Basic 2008 document: one termEntry per term, its translations in
    ``target_language`` (a gettext locale name is written as the BCP 47 tag ``xml:lang``
    wants: ``fr_CA`` -> ``fr-CA``)."""
    from workbench.glossary.formats.tsv import refuse_control_characters

    refuse_control_characters(terms)
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "ar"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(file_desc, "p").text = "Glossary of official titles, exported by workbench"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p",
                  {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        _add_lang_set(entry, "ar", [(term.source, "preferredTerm-admn-sts")])
        _add_lang_set(
            entry,
            bcp47_tag(target_language),
            [(term.target, "preferredTerm-admn-sts")]
            + [(r, "deprecatedTerm-admn-sts") for r in term.rejected],
        )
    ET.indent(root, space="  ")
    body_text = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + body_text + "\n"
    )


def _add_lang_set(entry: ET.Element, lang: str, terms: list[tuple[str, str]]) -> None:
    lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
    for text, status in terms:
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = text
        ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
