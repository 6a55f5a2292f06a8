"""The rules of XLIFF 1.2 and 2.1 our exports are held to: first the OASIS schemas themselves
(``tests/data/xliff-schemas``, validated by :mod:`tests.support.xliff_schema`), then the rules
the schemas cannot say, written out here from the specifications and checked with lxml:

* XLIFF 1.2 (OASIS Standard, 1 Feb 2008): sections 2.2 (tree structure, element order), 2.3
  (inline elements: ``<ex rid>`` closes an earlier ``<bx>``), 4 (attribute values).
* XLIFF 2.1 (OASIS Standard, 13 Feb 2018): sections 4.2 and 4.3 (unique ids, ``startRef``
  naming an opened code, the version ``2.1``), 5.1 (the Translation Candidates module ``mtc``,
  which the core schema admits unchecked through its ``lax`` extension points).

Each function returns the broken rules as sentences (empty: valid).
"""

from __future__ import annotations

from lxml import etree

from tests.support.xliff_schema import schema_errors

NS1 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STATES_1 = {
    "new", "needs-translation", "needs-l10n", "needs-adaptation", "translated",
    "needs-review-translation", "needs-review-l10n", "needs-review-adaptation", "final",
    "signed-off",
}  # fmt: skip
CONTEXT_TYPES_1 = {
    "database", "element", "elementtitle", "linenumber", "numparams", "paramnotes", "record",
    "recordtitle", "sourcefile",
}  # fmt: skip
INLINE_1 = {"g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "mrk", "sub"}
UNIT_EXTRAS_1 = {"context-group", "count-group", "note", "prop-group", "alt-trans", "bin-unit"}
STATES_2 = {"initial", "translated", "reviewed", "final"}
INLINE_2 = {"cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _is_extension(value: str) -> bool:
    return value.startswith("x-")


def _inline_1(holder: etree._Element, problems: list[str]) -> None:
    opened = set()
    for element in holder.iter(etree.Element):
        if element is holder:
            continue
        name = _local(element)
        if etree.QName(element).namespace != NS1 or name not in INLINE_1:
            problems.append(f"line {element.sourceline}: <{name}> is not an inline element")
        if name in ("x", "bx", "ex", "ph", "bpt", "ept", "it", "g") and not element.get("id"):
            problems.append(f"line {element.sourceline}: <{name}> without id")
        if name == "bx":
            opened.add(element.get("rid"))
        if name == "ex" and element.get("rid") not in opened:
            problems.append(f"line {element.sourceline}: <ex rid> closes no earlier <bx>")


def xliff_1_2_problems(data: bytes) -> list[str]:
    """Where ``data`` breaks XLIFF 1.2 (strict): the OASIS schema, then the rules above."""
    problems: list[str] = schema_errors(data, "1.2")
    root = etree.fromstring(data)
    if root.tag != f"{{{NS1}}}xliff" or root.get("version") != "1.2":
        return [*problems, f"root is {root.tag} version {root.get('version')}, not XLIFF 1.2"]
    files = list(root)
    if not files or any(_local(f) != "file" for f in files):
        problems.append("<xliff> holds one or more <file> and nothing else")
    for file in files:
        for attribute in ("original", "source-language", "datatype"):
            if not file.get(attribute):
                problems.append(f"<file> lacks required {attribute}")
        names = [_local(child) for child in file]
        if names not in (["body"], ["header", "body"]):
            problems.append(f"<file> holds {names}, not [header?, body]")
        ids: set[str] = set()
        for element in file.iter(f"{{{NS1}}}trans-unit", f"{{{NS1}}}group"):
            identifier = element.get("id")
            if _local(element) == "trans-unit" and not identifier:
                problems.append(f"line {element.sourceline}: <trans-unit> without id")
            if identifier in ids:
                problems.append(f"line {element.sourceline}: id {identifier} used twice")
            ids.add(identifier or "")
            if element.get(XML_SPACE) not in (None, "default", "preserve"):
                problems.append(f"line {element.sourceline}: bad xml:space")
            children = [_local(child) for child in element]
            if _local(element) == "group":
                order = ["context-group", "count-group", "prop-group", "note"]
                head = [c for c in children if c in order]
                if head != sorted(head, key=order.index) or children[: len(head)] != head:
                    problems.append(f"line {element.sourceline}: <group> heads out of order")
                if not set(children[len(head) :]) <= {"group", "trans-unit", "bin-unit"}:
                    problems.append(f"line {element.sourceline}: <group> holds {children}")
                continue
            if element.get("approved") not in (None, "yes", "no"):
                problems.append(f"line {element.sourceline}: approved must be yes or no")
            if children[:1] != ["source"]:
                problems.append(f"line {element.sourceline}: <trans-unit> starts with {children}")
            rest = children[1:]
            if rest[:1] == ["seg-source"]:
                rest = rest[1:]
            if rest[:1] == ["target"]:
                rest = rest[1:]
            if not set(rest) <= UNIT_EXTRAS_1:
                problems.append(f"line {element.sourceline}: <trans-unit> holds {children}")
            for child in element:
                name = _local(child)
                if name in ("source", "target"):
                    _inline_1(child, problems)
                state = child.get("state")
                if name == "target" and state and not (state in STATES_1 or _is_extension(state)):
                    problems.append(f"line {child.sourceline}: state {state!r} is not 1.2's")
                if name == "context-group":
                    for context in child:
                        kind = context.get("context-type", "")
                        if _local(context) != "context" or not (
                            kind in CONTEXT_TYPES_1 or _is_extension(kind)
                        ):
                            problems.append(f"line {context.sourceline}: bad <context>")
                if name == "alt-trans":
                    inner = [_local(c) for c in child]
                    if "target" not in inner or inner[: inner.index("target")] not in (
                        [], ["source"], ["source", "seg-source"]
                    ):
                        problems.append(f"line {child.sourceline}: <alt-trans> holds {inner}")
    return problems


def _inline_2(unit: etree._Element, problems: list[str]) -> None:
    started: set[str] = set()
    for holder in unit.iter(f"{{{NS2}}}source", f"{{{NS2}}}target"):
        for element in holder.iter(etree.Element):
            if element is holder:
                continue
            name = _local(element)
            if etree.QName(element).namespace != NS2 or name not in INLINE_2:
                problems.append(f"line {element.sourceline}: <{name}> is not an inline element")
            if name in ("ph", "pc", "sc") and not element.get("id"):
                problems.append(f"line {element.sourceline}: <{name}> without id")
            if name == "sc" and holder.tag.endswith("source"):
                started.add(element.get("id", ""))
            if name == "ec" and element.get("isolated") != "yes":
                if element.get("startRef") not in started:
                    problems.append(f"line {element.sourceline}: <ec startRef> names no <sc>")


def xliff_2_1_problems(data: bytes) -> list[str]:
    """Where ``data`` breaks XLIFF 2.1: the OASIS core schema, then the core and ``mtc`` rules."""
    problems: list[str] = schema_errors(data, "2.1")
    root = etree.fromstring(data)
    if root.tag != f"{{{NS2}}}xliff" or root.get("version") != "2.1":
        return [*problems, f"root is {root.tag} version {root.get('version')}, not XLIFF 2.1"]
    if not root.get("srcLang"):
        problems.append("<xliff> lacks required srcLang")
    file_ids = [f.get("id") for f in root]
    if not file_ids or None in file_ids or len(set(file_ids)) != len(file_ids):
        problems.append("every <file> needs a unique id")
    for file in root:
        names = [_local(c) for c in file if etree.QName(c).namespace == NS2]
        body = [n for n in names if n not in ("skeleton", "notes")]
        if not body or not set(body) <= {"unit", "group"}:
            problems.append(f"<file> holds {names}: one or more <unit>/<group> needed")
        unit_ids: set[str] = set()
        for element in file.iter(f"{{{NS2}}}unit", f"{{{NS2}}}group"):
            identifier = element.get("id")
            if not identifier or identifier in unit_ids:
                problems.append(f"line {element.sourceline}: missing or repeated id")
            unit_ids.add(identifier or "")
            kind = element.get("type")
            if kind is not None and (kind.count(":") != 1 or kind.startswith("xlf:")):
                problems.append(f"line {element.sourceline}: type {kind!r} is not prefix:value")
            children = list(element)
            core = [_local(c) for c in children if etree.QName(c).namespace == NS2]
            first_core = next(
                (i for i, c in enumerate(children) if etree.QName(c).namespace == NS2),
                len(children),
            )
            if any(etree.QName(c).namespace == NS2 for c in children[:first_core]) or any(
                etree.QName(c).namespace != NS2 for c in children[first_core:]
            ):
                problems.append(f"line {element.sourceline}: module elements must come first")
            if _local(element) == "group":
                if not set(core) - {"notes"} <= {"unit", "group"} or "notes" in core[1:]:
                    problems.append(f"line {element.sourceline}: <group> holds {core}")
                continue
            rest = core[1:] if core[:1] == ["notes"] else core
            rest = rest[1:] if rest[:1] == ["originalData"] else rest
            if not rest or not set(rest) <= {"segment", "ignorable"}:
                problems.append(f"line {element.sourceline}: <unit> holds {core}")
            segment_ids = set()
            for child in children:
                if child.tag == f"{{{MTC}}}matches":
                    for match in child:
                        inner = [_local(c) for c in match]
                        if _local(match) != "match" or not (match.get("ref") or "").startswith(
                            "#"
                        ) or inner[-2:] != ["source", "target"]:
                            problems.append(f"line {match.sourceline}: bad <mtc:match>")
                if _local(child) == "notes":
                    if any(_local(n) != "note" for n in child) or not len(child):
                        problems.append(f"line {child.sourceline}: <notes> holds non-notes")
                if _local(child) == "segment":
                    segment_ids.add(child.get("id"))
                    inner = [_local(c) for c in child]
                    state = child.get("state", "initial")
                    if inner not in (["source"], ["source", "target"]):
                        problems.append(f"line {child.sourceline}: <segment> holds {inner}")
                    if state not in STATES_2:
                        problems.append(f"line {child.sourceline}: state {state!r}")
                    if state != "initial" and "target" not in inner:
                        problems.append(f"line {child.sourceline}: {state} with no <target>")
                    if child.get("subState") and not child.get("state"):
                        problems.append(f"line {child.sourceline}: subState without state")
            for match in element.iter(f"{{{MTC}}}match"):
                if match.get("ref", "#")[1:] not in segment_ids:
                    problems.append(f"line {match.sourceline}: ref names no segment")
            _inline_2(element, problems)
    return problems
