"""Re-import = GNU ``msgmerge --previous``: merge an existing catalog with a new template.

For every template entry, in template order:

* **exact** ``(msgctxt, msgid)`` match in the old catalog (an obsolete entry counts too, and is
  revived): translation, translator comments, fuzzy flag and previous msgid kept;
* else a **fuzzy** match among the old *translated* entries: the most similar msgid above
  :data:`FUZZY_THRESHOLD` lends its translation, marked ``fuzzy`` with the old msgid as
  previous msgid (``#|``);
* else **new**: untranslated.

Old entries used by neither become obsolete (``#~``), after the active ones, in their old
order; unused untranslated ones are dropped, as msgmerge does. Extracted comments and
references always come from the template.

Why re-implemented rather than calling ``msgmerge``: the importer must run where GNU gettext is
not installed, and polib's ``POFile.merge`` has no fuzzy matching. The similarity is gettext's
``fstrcmp`` — ``2 * LCS / (len1 + len2)`` on the UTF-8 *bytes* — which is RapidFuzz's
``Indel.normalized_similarity`` over bytes; candidates are pre-selected like gettext's fuzzy
index (``msgl-fsearch.c``): old msgids sharing a 4-character n-gram, tried in decreasing
number of shared n-grams, a strictly better score replacing the best so far. Bytes, not
characters: most Arabic letters share their UTF-8 lead byte, so on Arabic text the byte score
is higher than a character score would be, and only the byte score agrees with msgmerge on
which entries become fuzzy (``tests/unit/test_merge.py`` checks this against GNU msgmerge).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

FUZZY_THRESHOLD = 0.6
CONTEXT_BONUS = 0.00001  # gettext: prefer a candidate without (or with the same) context
NGRAM = 4
SHORT_STRING_MAX_BYTES = (NGRAM - 1) * 4
LENGTH_SPREAD = 2 / FUZZY_THRESHOLD - 1

Key = tuple[str | None, str]


@dataclass
class MergeSummary:
    """What the merge did, counted like msgmerge's ``--verbose`` statistics."""

    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    dropped: int = 0
    fuzzy_msgids: list[str] = field(default_factory=list)
    new_msgids: list[str] = field(default_factory=list)
    obsolete_msgids: list[str] = field(default_factory=list)


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """gettext's test for a fuzzy candidate: the (first) msgstr is not empty."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural and entry.msgstr_plural.get(0))
    return bool(entry.msgstr)


def fstrcmp(a: bytes, b: bytes) -> float:
    """gettext's ``fstrcmp``: ``(len(a) + len(b) - edits) / (len(a) + len(b))``, where edits
    are insertions and deletions (RapidFuzz's Indel distance), computed the same way."""
    total = len(a) + len(b)
    return (total - Indel.distance(a, b)) / total if total else 1.0


def similarity(a: str, b: str) -> float:
    """gettext's ``fstrcmp`` on the UTF-8 bytes of ``a`` and ``b`` (0.0 .. 1.0)."""
    return fstrcmp(a.encode("utf-8"), b.encode("utf-8"))


def _ngrams(text: str) -> list[str]:
    return [text[i : i + NGRAM] for i in range(len(text) - NGRAM + 1)]


class FuzzyIndex:
    """Old translated entries, searchable for the msgid most similar to a new one.

    Same result as gettext's index: the best score among old msgids that share a 4-character
    n-gram with the new one (ties: most shared n-grams, then file order). The scores are
    computed in bulk by RapidFuzz, the n-gram condition checked only on the survivors.
    """

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = [entry for entry in entries if is_translated(entry)]
        self.encoded = [entry.msgid.encode("utf-8") for entry in self.entries]
        self.grams: dict[int, frozenset[str]] = {}
        self.short: dict[int, list[int]] = {}
        for index, encoded in enumerate(self.encoded):
            if len(encoded) <= int(SHORT_STRING_MAX_BYTES * LENGTH_SPREAD):
                self.short.setdefault(len(encoded), []).append(index)

    def _grams_of(self, index: int) -> frozenset[str]:
        if index not in self.grams:
            self.grams[index] = frozenset(_ngrams(self.entries[index].msgid))
        return self.grams[index]

    def _weight(self, index: int, msgctxt: str | None, encoded: bytes) -> float:
        entry = self.entries[index]
        bonus = CONTEXT_BONUS if entry.msgctxt is None or entry.msgctxt == msgctxt else 0.0
        return fstrcmp(encoded, self.encoded[index]) + bonus

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The old entry whose msgid is most similar, if above the threshold."""
        encoded = msgid.encode("utf-8")
        if len(msgid) < NGRAM:
            return self._best_short(msgctxt, encoded)
        near = process.extract(
            encoded,
            self.encoded,
            scorer=Indel.normalized_similarity,
            score_cutoff=FUZZY_THRESHOLD - 2 * CONTEXT_BONUS,
            limit=None,
        )
        weights: dict[float, list[int]] = {}
        for _, _, index in near:
            weight = self._weight(index, msgctxt, encoded)
            if weight > FUZZY_THRESHOLD:
                weights.setdefault(weight, []).append(index)
        grams = _ngrams(msgid)
        for weight in sorted(weights, reverse=True):
            # gettext tries candidates by most shared n-grams, then file order; a later one
            # replaces the best only when strictly better, so among equals the first wins.
            shared = {
                index: sum(1 for gram in grams if gram in self._grams_of(index))
                for index in weights[weight]
            }
            sharing = [index for index, count in shared.items() if count]
            if sharing:
                return self.entries[min(sharing, key=lambda index: (-shared[index], index))]
        return None

    def _best_short(self, msgctxt: str | None, encoded: bytes) -> polib.POEntry | None:
        """Msgids under 4 characters: compared with old msgids of a compatible byte length."""
        low, high = math.ceil(len(encoded) / LENGTH_SPREAD), int(len(encoded) * LENGTH_SPREAD)
        best_weight, best_index = FUZZY_THRESHOLD, None
        for length in range(low, high + 1):
            for index in self.short.get(length, []):
                weight = self._weight(index, msgctxt, encoded)
                if weight > best_weight:
                    best_weight, best_index = weight, index
        return None if best_index is None else self.entries[best_index]


def _merged_entry(old: polib.POEntry, ref: polib.POEntry, force_fuzzy: bool) -> polib.POEntry:
    """gettext's ``message_merge``: msgid, references, extracted comments and format flags
    from the template; translation, translator comments and fuzziness from the old entry."""
    fuzzy = "fuzzy" in old.flags or force_fuzzy
    result = polib.POEntry(
        msgctxt=ref.msgctxt,
        msgid=ref.msgid,
        msgid_plural=ref.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        comment=ref.comment,
        tcomment=old.tcomment,
        occurrences=list(ref.occurrences),
        flags=[flag for flag in ref.flags if flag != "fuzzy"],
    )
    if fuzzy:
        result.flags.insert(0, "fuzzy")
        if "fuzzy" in old.flags:
            result.previous_msgctxt = old.previous_msgctxt
            result.previous_msgid = old.previous_msgid
            result.previous_msgid_plural = old.previous_msgid_plural
        else:
            result.previous_msgctxt = old.msgctxt
            result.previous_msgid = old.msgid
            result.previous_msgid_plural = old.msgid_plural or None
    if not fuzzy or not is_translated(result):
        result.previous_msgctxt = None
        result.previous_msgid = None
        result.previous_msgid_plural = None
    return result


def _obsolete_copy(old: polib.POEntry) -> polib.POEntry:
    entry = copy.deepcopy(old)
    entry.obsolete = True
    entry.comment = ""
    entry.occurrences = []
    return entry


def merge_entries(
    old_entries: Sequence[polib.POEntry], template_entries: Sequence[polib.POEntry]
) -> tuple[list[polib.POEntry], MergeSummary]:
    """The merged entry list (active in template order, then obsolete) and its summary."""
    summary = MergeSummary()
    exact: dict[Key, polib.POEntry] = {}
    for entry in old_entries:
        exact.setdefault(entry_key(entry), entry)
    index = FuzzyIndex(old_entries)
    used: set[int] = set()
    result: list[polib.POEntry] = []
    for ref in template_entries:
        old = exact.get(entry_key(ref))
        if old is not None:
            result.append(_merged_entry(old, ref, force_fuzzy=False))
            summary.kept += 1
        elif (old := index.best(ref.msgctxt, ref.msgid)) is not None:
            result.append(_merged_entry(old, ref, force_fuzzy=True))
            summary.fuzzy += 1
            summary.fuzzy_msgids.append(ref.msgid)
        else:
            result.append(copy.deepcopy(ref))
            summary.new += 1
            summary.new_msgids.append(ref.msgid)
            continue
        used.add(id(old))
    for old in old_entries:
        if id(old) in used:
            continue
        if not is_translated(old):
            if not old.obsolete:
                summary.dropped += 1
            continue
        result.append(_obsolete_copy(old))
        if not old.obsolete:
            summary.obsolete += 1
            summary.obsolete_msgids.append(old.msgid)
    return result, summary
