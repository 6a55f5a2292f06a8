"""The reviewer's marks (catalog/review.py): reading, writing, the rule every writer applies
(store), stats' ``reviewed`` count and ``compile --reviewed-only``, judged by Python's gettext
and GNU ``msgunfmt``."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from workbench.catalog.compiler import CompileOptions, compile_catalog
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.review import (
    dismissed_checks,
    has_review_mark,
    is_reviewed,
    is_stale_review,
    review_survives,
    set_reviewed,
    text_digest,
    with_dismissed,
    with_note,
    with_review_mark,
    without_marks,
)
from workbench.catalog.stats import catalog_stats
from workbench.catalog.store import EntryUpdate, apply_updates

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
CATALOG = (
    HEADER + "# wb-reviewed\n"
    'msgid "reviewed"\nmsgstr "Reviewed."\n\n'
    'msgid "approved"\nmsgstr "Approved."\n\n'
    "# wb-reviewed\n#, fuzzy\n"
    'msgid "stale"\nmsgstr "Stale mark on a fuzzy entry."\n\n'
    "# a note of mine\n# wb-reviewed\n"
    'msgctxt "menu"\nmsgid "file"\nmsgid_plural "files"\nmsgstr[0] "File"\nmsgstr[1] "Files"\n\n'
    "# wb-reviewed\n"
    'msgid "empty"\nmsgstr ""\n'
)


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "news.po"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    found = next((e for e in po if e.msgid == msgid), None)
    assert found is not None, msgid
    return found


# --- reading and writing the marks ----------------------------------------------------------


def test_reviewed_needs_the_mark_a_translation_and_no_fuzzy(catalog: Path) -> None:
    po = read_po(catalog)
    assert [e.msgid for e in po if is_reviewed(e)] == ["reviewed", "file"]
    assert has_review_mark(entry(po, "stale").tcomment)  # kept, but stale
    assert not is_reviewed(entry(po, "stale")) and not is_reviewed(entry(po, "empty"))


def test_marking_writes_one_comment_line_and_unmarking_gives_back_the_comment(
    catalog: Path,
) -> None:
    po = read_po(catalog)
    approved = entry(po, "approved")
    set_reviewed(approved, True)
    set_reviewed(approved, True)  # once only
    digest = text_digest(["Approved."])
    assert approved.tcomment == f"wb-reviewed {digest}" and len(digest) == 8
    plural = entry(po, "file")
    set_reviewed(plural, False)
    assert plural.tcomment == "a note of mine"
    write_po(po, catalog)
    text = catalog.read_text(encoding="utf-8")
    assert f'# wb-reviewed {digest}\nmsgid "approved"' in text
    assert '# a note of mine\nmsgctxt "menu"' in text
    with pytest.raises(ValueError, match="only a translated entry"):
        set_reviewed(entry(po, "stale"), True)


def test_a_hand_written_mark_with_spaces_and_no_space_after_the_hash_counts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hand.po"
    path.write_text(HEADER + '#wb-reviewed  \nmsgid "a"\nmsgstr "A"\n', encoding="utf-8")
    assert is_reviewed(read_po(path)[0])
    assert not has_review_mark("reviewed by Sam\nwb-reviewed later")


def test_dismissals_add_up_over_lines_and_are_rewritten_as_one_sorted_line() -> None:
    comment = "wb-reviewed\nwb-dismissed: numbers\nmy note\nwb-dismissed:urls  glossary"
    assert dismissed_checks(comment) == {"numbers", "urls", "glossary"}
    rewritten = with_dismissed(comment, ["end-punctuation"])
    assert rewritten == (
        "wb-reviewed\nwb-dismissed: end-punctuation, glossary, numbers, urls\nmy note"
    )
    assert with_dismissed("", ["numbers"]) == "wb-dismissed: numbers"
    assert with_dismissed("wb-reviewed\nnote", ["numbers"]) == (
        "wb-reviewed\nwb-dismissed: numbers\nnote"
    )
    assert with_dismissed("note", []) == "note"


def test_marks_and_the_translators_own_words_are_told_apart() -> None:
    comment = "wb-reviewed\nChecked with the ministry.\nwb-dismissed: numbers"
    assert without_marks(comment) == "Checked with the ministry."
    assert with_note(comment, "New note") == "wb-reviewed\nwb-dismissed: numbers\nNew note"
    assert with_review_mark(comment, None) == "Checked with the ministry.\nwb-dismissed: numbers"
    assert with_review_mark(comment, ["A"]) == (
        f"wb-reviewed {text_digest(['A'])}\nChecked with the ministry.\nwb-dismissed: numbers"
    )


def test_a_text_changed_by_another_tool_makes_the_mark_stale(tmp_path: Path) -> None:
    """The digest ties the mark to the reviewed text: an edit in a text editor or Poedit
    (which keep the comment) leaves a stale mark, not a reviewed entry."""
    path = tmp_path / "edited.po"
    digest = text_digest(["A"])
    path.write_text(
        HEADER + f'# wb-reviewed {digest}\nmsgid "a"\nmsgstr "A"\n\n'
        f'# wb-reviewed {digest}\nmsgid "b"\nmsgstr "B, edited elsewhere"\n\n'
        f'# wb-reviewed {text_digest(["One", "Many"])}\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "One"\nmsgstr[1] "Many"\n',
        encoding="utf-8",
    )
    po = read_po(path)
    assert [is_reviewed(e) for e in po] == [True, False, True]
    assert [is_stale_review(e) for e in po] == [False, True, False]
    assert catalog_stats(path).reviewed == 2


def test_the_review_survives_only_an_unchanged_approved_text() -> None:
    assert review_survives(["A"], False, ["A"], False)
    assert not review_survives(["A"], False, ["B"], False)
    assert not review_survives(["A"], True, ["A"], False)  # a fuzzy entry approved as it was
    assert not review_survives(["A"], False, ["A"], True)


# --- the rule in the store: every writer -----------------------------------------------------


def test_a_writer_changing_the_translation_clears_the_review(catalog: Path) -> None:
    apply_updates(catalog, [EntryUpdate("reviewed", "Reviewed, edited.")])
    po = read_po(catalog)
    assert not has_review_mark(entry(po, "reviewed").tcomment)


def test_a_writer_leaving_the_text_as_it_was_keeps_the_review_and_the_bytes(
    catalog: Path,
) -> None:
    before = catalog.read_bytes()
    apply_updates(catalog, [EntryUpdate("reviewed", "Reviewed.")])
    assert catalog.read_bytes() == before


def test_approving_a_fuzzy_entry_drops_its_stale_mark(catalog: Path) -> None:
    apply_updates(catalog, [EntryUpdate("stale", "Stale mark on a fuzzy entry.")])
    po = read_po(catalog)
    approved = entry(po, "stale")
    assert not approved.flags and not has_review_mark(approved.tcomment)


def test_a_fuzzy_fill_clears_the_mark_and_marking_sets_it_with_dismissals(
    catalog: Path,
) -> None:
    apply_updates(
        catalog,
        [
            EntryUpdate("reviewed", "Machine text.", fuzzy=True, reviewed=True),
            EntryUpdate("approved", "Approved.", reviewed=True, dismiss=("numbers",)),
            EntryUpdate(
                "file", "", msgctxt="menu", plural_msgstrs={0: "File", 1: "Files"},
                reviewed=False, dismiss=("urls",),
            ),
        ],
    )  # fmt: skip
    po = read_po(catalog)
    assert not has_review_mark(entry(po, "reviewed").tcomment)  # fuzzy: never reviewed
    assert entry(po, "approved").tcomment == (
        f"wb-reviewed {text_digest(['Approved.'])}\nwb-dismissed: numbers"
    )
    assert entry(po, "file").tcomment == "wb-dismissed: urls\na note of mine"


# --- stats and compile ----------------------------------------------------------------------


def test_stats_count_reviewed_entries_as_part_of_translated(catalog: Path) -> None:
    stats = catalog_stats(catalog)
    assert (stats.translated, stats.reviewed, stats.fuzzy, stats.untranslated) == (3, 2, 1, 1)


def load(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_compile_reviewed_only_leaves_the_others_out(catalog: Path) -> None:
    result = compile_catalog(catalog, CompileOptions(reviewed_only=True))
    assert result.status == "compiled" and result.not_reviewed == 1
    translations = load(catalog.with_suffix(".mo"))
    assert translations.gettext("reviewed") == "Reviewed."
    assert translations.gettext("approved") == "approved"  # not reviewed: left out
    assert translations.pgettext("menu", "file") == "File"
    assert translations.npgettext("menu", "file", "files", 2) == "Files"
    assert translations.gettext("stale") == "stale"
    assert translations.info()["language"] == "en"  # the header is always there


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="needs GNU gettext")
def test_compile_reviewed_only_as_msgunfmt_reads_it_and_the_stamp_knows_the_option(
    catalog: Path,
) -> None:
    compile_catalog(catalog, CompileOptions(reviewed_only=True))
    mo = catalog.with_suffix(".mo")
    text = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True)
    msgids = [line for line in text.stdout.splitlines() if line.startswith("msgid ")]
    assert sorted(msgids) == ['msgid ""', 'msgid "file"', 'msgid "reviewed"']  # msgunfmt sorts
    # the same catalog without the option is compiled again, not "up to date"
    assert compile_catalog(catalog).status == "compiled"
    assert load(mo).gettext("approved") == "Approved."


def test_compile_reviewed_only_of_a_catalog_with_no_reviewed_entry(tmp_path: Path) -> None:
    path = tmp_path / "none.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "A"\n', encoding="utf-8")
    result = compile_catalog(path, CompileOptions(reviewed_only=True))
    assert (result.messages, result.not_reviewed) == (1, 1)


def test_changing_any_plural_form_clears_the_review(catalog: Path) -> None:
    po = read_po(catalog)
    set_reviewed(entry(po, "file"), True)
    write_po(po, catalog)
    assert is_reviewed(entry(read_po(catalog), "file"))
    update = EntryUpdate("file", "", msgctxt="menu", plural_msgstrs={0: "File", 1: "Files!"})
    apply_updates(catalog, [update])
    plural = entry(read_po(catalog), "file")
    assert not has_review_mark(plural.tcomment) and plural.tcomment == "a note of mine"
