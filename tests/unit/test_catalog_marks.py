"""How pre-translated entries are marked and recognised (Poedit/Weblate style: fuzzy + note)."""

from __future__ import annotations

import polib
import pytest

from workbench.catalog.marks import (
    is_machine_translation,
    is_pretranslated,
    machine_translation_model,
    mt_note,
    needs_filling,
    tm_note,
    with_pretranslation_note,
    without_pretranslation_note,
)


def entry(msgstr: str = "", *, fuzzy: bool = False, tcomment: str = "", **kw) -> polib.POEntry:
    e = polib.POEntry(msgid="مرحبا", msgstr=msgstr, tcomment=tcomment, **kw)
    if fuzzy:
        e.flags.append("fuzzy")
    return e


def test_mt_fill_is_recognised_with_its_model() -> None:
    e = entry("Hello", fuzzy=True, tcomment=mt_note("Helsinki-NLP/opus-mt-ar-en"))
    assert is_machine_translation(e)
    assert is_pretranslated(e)
    assert machine_translation_model(e) == "Helsinki-NLP/opus-mt-ar-en"


def test_tm_fill_is_pretranslated_but_not_machine_translation() -> None:
    e = entry("Hello", fuzzy=True, tcomment=tm_note())
    assert is_pretranslated(e)
    assert not is_machine_translation(e)
    assert machine_translation_model(e) is None


def test_human_fuzzy_entry_is_not_machine_translation() -> None:
    e = entry("Hello", fuzzy=True, tcomment="check with the ministry")
    assert not is_pretranslated(e)
    assert not is_machine_translation(e)


def test_approved_entry_with_stale_note_is_not_machine_translation() -> None:
    """Approval removes the fuzzy flag; a leftover note must not make it MT again."""
    e = entry("Hello", fuzzy=False, tcomment=mt_note("m"))
    assert not is_machine_translation(e)
    assert not needs_filling(e, overwrite_fuzzy=True)


def test_note_replaces_earlier_note_and_keeps_human_comments() -> None:
    first = with_pretranslation_note("keep me", mt_note("old-model"))
    second = with_pretranslation_note(first, mt_note("new-model"))
    assert second == f"keep me\n{mt_note('new-model')}"
    assert without_pretranslation_note(second) == "keep me"
    assert with_pretranslation_note(None, tm_note()) == tm_note()


@pytest.mark.parametrize(
    ("e", "plain", "overwrite"),
    [
        (entry(""), True, True),
        (entry("", fuzzy=True), True, True),
        (entry("Approved"), False, False),
        (entry("Human draft", fuzzy=True, tcomment="from msgmerge"), False, False),
        (entry("MT draft", fuzzy=True, tcomment=mt_note("m")), False, True),
        (entry("", obsolete=True), False, False),
    ],
)
def test_needs_filling(e: polib.POEntry, plain: bool, overwrite: bool) -> None:
    assert needs_filling(e) is plain
    assert needs_filling(e, overwrite_fuzzy=True) is overwrite


def test_plural_entry_untranslated_only_when_all_forms_empty() -> None:
    e = polib.POEntry(msgid="a", msgid_plural="b", msgstr_plural={0: "", 1: ""})
    assert needs_filling(e)
    e.msgstr_plural = {0: "x", 1: ""}
    assert not needs_filling(e)


def test_header_is_never_filled() -> None:
    assert not needs_filling(polib.POEntry(msgid="", msgstr=""))


def test_a_note_wrapped_by_another_tool_is_still_recognised(tmp_path) -> None:
    """polib wraps translator comments at 79 columns; a catalog saved by a polib-based script
    still marks its MT fills, and replacing the note removes every line of it."""
    po = polib.POFile()
    note = mt_note("Helsinki-NLP/opus-mt-ar-en", "terms not enforced")
    po.append(polib.POEntry(msgid="مرحبا", msgstr="Hi", flags=["fuzzy"], tcomment=f"keep\n{note}"))
    path = tmp_path / "wrapped.po"
    po.save(str(path))
    assert "terms not\n# enforced); needs review" in path.read_text(encoding="utf-8")  # wrapped
    (e,) = polib.pofile(str(path))
    assert is_machine_translation(e) and needs_filling(e, overwrite_fuzzy=True)
    assert machine_translation_model(e) == "Helsinki-NLP/opus-mt-ar-en"
    assert without_pretranslation_note(e.tcomment) == "keep"
    assert with_pretranslation_note(e.tcomment, tm_note()) == f"keep\n{tm_note()}"


@pytest.mark.parametrize("terms", ["", "terms enforced", "terms not enforced"])
def test_a_recorded_confidence_is_read_back_with_model_and_terms(terms: str, tmp_path) -> None:
    from workbench.catalog.marks import glossary_terms_status, machine_translation_confidence

    note = mt_note("Helsinki-NLP/opus-mt-ar-en", terms, 82)
    assert "(MT: Helsinki-NLP/opus-mt-ar-en, confidence 82%" in note
    e = entry("Hello", fuzzy=True, tcomment=f"keep\n{note}")
    assert is_machine_translation(e)
    assert machine_translation_model(e) == "Helsinki-NLP/opus-mt-ar-en"
    assert machine_translation_confidence(e) == 82
    assert glossary_terms_status(e) == terms
    assert without_pretranslation_note(e.tcomment) == "keep"
    # wrapped by polib at 79 columns, read back the same
    po = polib.POFile()
    po.append(e)
    po.save(str(tmp_path / "x.po"))
    [read] = polib.pofile(str(tmp_path / "x.po"))
    assert machine_translation_confidence(read) == 82
    assert machine_translation_model(read) == "Helsinki-NLP/opus-mt-ar-en"
    # a note written without a confidence has none
    assert machine_translation_confidence(entry("x", fuzzy=True, tcomment=mt_note("m"))) is None
