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
number of shared n-grams, a strictly better score replacing the best so far. Only the old
msgids whose byte counts allow them to reach the best score are scored (:class:`FuzzyIndex`),
which keeps a long revision's merge as fast as msgmerge's (``bench/import_merge.py``).
Bytes, not characters: most Arabic letters share their UTF-8 lead byte, so on Arabic text the
byte score is higher than a character score would be, and only the byte score agrees with
msgmerge on which entries become fuzzy (``tests/unit/test_merge.py`` checks this against GNU
msgmerge).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from workbench.catalog.po.model import Key, is_fuzzy, key

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FUZZY_THRESHOLD = 0.6
CONTEXT_BONUS = 0.00001  # gettext: prefer a candidate without (or with the same) context
NGRAM = 4
SHORT_STRING_MAX_BYTES = (NGRAM - 1) * 4
LENGTH_SPREAD = 2 / FUZZY_THRESHOLD - 1



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


class ByteCounts:
    """How often each byte occurs in each of a list of byte strings, for bounding ``fstrcmp``.

    ``2 * common / (len(a) + len(b))``, where ``common`` sums the smaller of the two counts of
    every byte, is never below ``fstrcmp(a, b)``: a common subsequence uses each byte no more
    often than either string holds it. Computed with numpy for all strings at once; only the
    byte values that occur in some string get a row.
    """

    CHUNK = 4096  # strings counted per numpy pass, to bound the temporary array

    def __init__(self, strings: Sequence[bytes]) -> None:
        import numpy as np

        self.lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        joined = np.frombuffer(b"".join(strings), dtype=np.uint8)
        self.occurring = np.bincount(joined, minlength=256) > 0
        self.row_of = np.cumsum(self.occurring) - 1  # byte value -> its row, where it occurs
        longest = int(self.lengths.max()) if len(strings) else 0
        dtype = np.uint16 if longest <= np.iinfo(np.uint16).max else np.uint32
        self.counts = np.zeros((int(self.occurring.sum()), len(strings)), dtype=dtype)
        for start in range(0, len(strings), self.CHUNK):
            chunk = strings[start : start + self.CHUNK]
            rows = self.row_of[np.frombuffer(b"".join(chunk), dtype=np.uint8)]
            columns = np.repeat(np.arange(len(chunk)), self.lengths[start : start + len(chunk)])
            flat = np.bincount(rows * len(chunk) + columns, minlength=len(self.counts) * len(chunk))
            self.counts[:, start : start + len(chunk)] = flat.reshape(len(self.counts), len(chunk))

    def bounds(self, string: bytes) -> NDArray[np.float64]:
        """The bound of ``fstrcmp(string, s)`` for every string ``s``, in their order."""
        import numpy as np

        counts = np.bincount(np.frombuffer(string, dtype=np.uint8), minlength=256)
        present = np.flatnonzero((counts > 0) & self.occurring)
        smaller = np.minimum(self.counts[self.row_of[present]], counts[present, None])
        common = smaller.sum(axis=0, dtype=np.int64)
        return 2 * common / (self.lengths + len(string))


class FuzzyIndex:
    """Old translated entries, searchable for the msgid most similar to a new one.

    Same result as gettext's index: the best weight (score plus context bonus) among old
    msgids that share a 4-character n-gram with the new one; ties go to the most shared
    n-grams, then to file order. Scoring every old msgid would be quadratic, so each search
    first bounds all scores at once (:class:`ByteCounts`; gettext's ``fstrcmp`` prunes with
    the same bound). The old msgid with the highest bound is scored first; when it qualifies,
    its weight is a floor for the best one, and only the old msgids whose bound reaches the
    floor (or the threshold) are scored exactly, in one RapidFuzz call: what is skipped could
    neither beat nor tie the best. On a revision, the edited sentence's old version sets a
    high floor and leaves its near-duplicates; a sentence with no match is compared only with
    the old msgids whose bytes could reach the threshold.
    """

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = [entry for entry in entries if is_translated(entry)]
        self.encoded = [entry.msgid.encode("utf-8") for entry in self.entries]
        self.grams: dict[int, frozenset[str]] = {}
        self.short: dict[int, list[int]] = {}
        for index, encoded in enumerate(self.encoded):
            if len(encoded) <= int(SHORT_STRING_MAX_BYTES * LENGTH_SPREAD):
                self.short.setdefault(len(encoded), []).append(index)

    @cached_property
    def _byte_counts(self) -> ByteCounts:
        return ByteCounts(self.encoded)

    @cached_property
    def _context_free(self) -> NDArray[np.bool_]:
        import numpy as np

        return np.array([entry.msgctxt is None for entry in self.entries], dtype=bool)

    def _grams_of(self, index: int) -> frozenset[str]:
        if index not in self.grams:
            self.grams[index] = frozenset(_ngrams(self.entries[index].msgid))
        return self.grams[index]

    def _bonus(self, index: int, msgctxt: str | None) -> float:
        """gettext's small advantage for an old entry without context or with the same one."""
        context = self.entries[index].msgctxt
        return CONTEXT_BONUS if context is None or context == msgctxt else 0.0

    def _weight(self, index: int, msgctxt: str | None, encoded: bytes) -> float:
        return fstrcmp(encoded, self.encoded[index]) + self._bonus(index, msgctxt)

    def _weights(
        self, indices: list[int], msgctxt: str | None, encoded: bytes
    ) -> NDArray[np.float64]:
        """:meth:`_weight` of the old msgids at ``indices``, computed in bulk by the same
        floating-point operations (so that equal weights stay equal)."""
        import numpy as np

        choices = [self.encoded[index] for index in indices]
        distances = process.cdist([encoded], choices, scorer=Indel.distance, dtype=np.int64)[0]
        totals = self._byte_counts.lengths[indices] + len(encoded)
        bonused = self._context_free[indices]
        if msgctxt is not None:
            bonused |= np.array([self.entries[i].msgctxt == msgctxt for i in indices], dtype=bool)
        return (totals - distances) / totals + np.where(bonused, CONTEXT_BONUS, 0.0)

    def _shared(self, grams: list[str], index: int) -> int:
        """How many of the new msgid's n-grams (counted with repeats) the old one has."""
        old_grams = self._grams_of(index)
        return sum(1 for gram in grams if gram in old_grams)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The old entry whose msgid is most similar, if above the threshold."""
        encoded = msgid.encode("utf-8")
        if len(msgid) < NGRAM:
            return self._best_short(msgctxt, encoded)
        bounds = self._byte_counts.bounds(encoded)
        # A weight is at most its bound plus the bonus, in floating point too (the operations
        # are monotonic), so an old msgid whose bound plus bonus is below a weight found
        # cannot reach it.
        if not len(bounds) or bounds.max() + CONTEXT_BONUS <= FUZZY_THRESHOLD:
            return None
        grams = _ngrams(msgid)
        # The most promising old msgid, when it qualifies, sets a floor the best weight cannot
        # be below: only the old msgids whose bound reaches it need an exact score.
        floor = FUZZY_THRESHOLD
        first = int(bounds.argmax())
        weight = self._weight(first, msgctxt, encoded)
        if weight > FUZZY_THRESHOLD and self._shared(grams, first):
            floor = weight
        near = (bounds + CONTEXT_BONUS >= floor).nonzero()[0].tolist()
        weights = self._weights(near, msgctxt, encoded)
        best: tuple[float, int, int] | None = None  # (weight, shared n-grams, -index)
        for at in (-weights).argsort(kind="stable").tolist():
            weight, index = float(weights[at]), near[at]
            if weight <= FUZZY_THRESHOLD or (best is not None and weight < best[0]):
                break
            # gettext tries candidates by most shared n-grams, then file order; a later one
            # replaces the best only when strictly better, so among equals the first wins.
            shared = self._shared(grams, index)
            if shared and (best is None or (weight, shared, -index) > best):
                best = (weight, shared, -index)
        return None if best is None else self.entries[-best[2]]

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
    fuzzy = is_fuzzy(old) or force_fuzzy
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
        if is_fuzzy(old):
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
        exact.setdefault(key(entry), entry)
    index = FuzzyIndex(old_entries)
    used: set[int] = set()
    result: list[polib.POEntry] = []
    for ref in template_entries:
        old = exact.get(key(ref))
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
