"""GNU-faithful catalog writing and strict reading, judged by GNU ``msgcat`` and ``msgfmt -c``.

Every catalog we write must come back byte-identical through ``msgcat FILE`` (gettext 0.21)
and pass ``msgfmt -c`` silently; reading it back must give the same catalog.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.catalogs import fuzzy_entry, mirror_newlines
from workbench.catalog.po import linebreak
from workbench.catalog.pofile import format_po, parse_po, read_po, write_po
from workbench.errors import WorkbenchError

HEADER = {
    "Project-Id-Version": "hanoi-convention-signing 1.0",
    "Report-Msgid-Bugs-To": "l10n@example.org",
    "POT-Creation-Date": "2026-11-28 10:00+0000",
    "PO-Revision-Date": "2026-11-28 12:00+0000",
    "Last-Translator": "Translator <t@example.org>",
    "Language-Team": "English <en@example.org>",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

ARABIC_SENTENCE = (
    "وقّع رئيس الوزراء اتفاقية هانوي لمكافحة الجرائم الإلكترونية في العاصمة الفيتنامية، "
    "بحضور ممثلين عن أكثر من ستين دولة؛ وقال إن الاتفاقية «خطوة تاريخية»؟"
)
ENGLISH_SENTENCE = (
    "The Prime Minister signed the Hanoi Convention against Cybercrime in the Vietnamese "
    "capital, in the presence of representatives of more than sixty countries."
)


def msgcat(path: Path) -> bytes:
    result = subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True, check=True)
    return result.stdout


def msgfmt_check(path: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    return result.stderr + ("" if result.returncode == 0 else f"exit {result.returncode}")


def new_catalog() -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.header = "English translation of the Hanoi Convention article.\nCopyright (C) 2026"
    return po


def assert_gnu_identical(po: polib.POFile, path: Path) -> bytes:
    write_po(po, path)
    written = path.read_bytes()
    assert msgcat(path).decode() == written.decode()
    assert msgfmt_check(path) == ""
    assert format_po(read_po(path)).encode() == written
    return written


# --- hypothesis: random catalogs ----------------------------------------------------------

ARABIC = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
ALPHABET = (
    ARABIC * 3
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + [" "] * 12
    + list(".,;:!?-/()[]{}'\"\\_&*+=<>|@#~^`$")
    + ["\n", "\t", "،", "؛", "؟", "«", "»", "٠", "٣", "ـ", "\u064e", "\u0651", "\u200f", "…"]
)
texts = st.text(alphabet=ALPHABET, max_size=200)
comment_line = st.text(alphabet=[c for c in ALPHABET if c not in "\n\t"], max_size=90).map(
    str.strip
)
comments = st.lists(comment_line, max_size=3).map("\n".join)
references = st.lists(
    st.tuples(st.from_regex(r"[a-z][a-z0-9_./-]{0,30}", fullmatch=True), st.integers(1, 9999)),
    max_size=12,
)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    msgid = draw(texts.filter(lambda t: t.strip()))
    plural = draw(st.booleans()) and draw(st.integers(0, 3)) == 0
    translated = draw(st.booleans())
    entry = polib.POEntry(
        msgid=msgid,
        msgctxt=draw(st.none() | texts),
        tcomment=draw(comments),
        comment=draw(comments),
        occurrences=[(name, str(line)) for name, line in draw(references)],
    )
    if plural:
        entry.msgid_plural = mirror_newlines(msgid, draw(texts))
        entry.msgstr_plural = {
            0: mirror_newlines(msgid, draw(texts)) if translated else "",
            1: mirror_newlines(entry.msgid_plural, draw(texts)) if translated else "",
        }
    elif translated:
        entry.msgstr = mirror_newlines(msgid, draw(texts))
    if draw(st.booleans()):
        entry.flags.append("fuzzy")
        if draw(st.booleans()):
            entry.previous_msgid = draw(texts)
            entry.previous_msgctxt = draw(st.none() | texts)
    if draw(st.integers(0, 9)) == 0:
        entry.flags.append("no-wrap")
    entry.obsolete = draw(st.integers(0, 5)) == 0
    return entry


catalogs = st.lists(entries(), max_size=8, unique_by=lambda e: (e.msgctxt, e.msgid))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=catalogs)
def test_random_catalogs_come_back_identical_through_msgcat(
    generated: list[polib.POEntry], tmp_path_factory: pytest.TempPathFactory
) -> None:
    po = new_catalog()
    po.extend(generated)
    assert_gnu_identical(po, tmp_path_factory.mktemp("po") / "random.po")


@settings(max_examples=60, deadline=None)
@given(generated=catalogs)
def test_parser_agrees_with_polib_on_valid_catalogs(generated: list[polib.POEntry]) -> None:
    po = new_catalog()
    po.extend(generated)
    text = format_po(po)
    ours, theirs = parse_po(text), polib.pofile(text)

    def fields(catalog: polib.POFile) -> list[tuple[object, ...]]:
        return [
            (e.msgctxt, e.msgid, e.msgstr, e.msgid_plural, e.msgstr_plural, e.obsolete, e.flags)
            + (() if e.obsolete else (e.previous_msgid, e.previous_msgctxt, e.occurrences))
            for e in catalog
        ]

    assert fields(ours) == fields(theirs)
    assert ours.metadata == theirs.metadata == HEADER
    assert ours.header == theirs.header


@settings(max_examples=60, deadline=None)
@given(value=texts, name=st.sampled_from(["msgid", "msgstr", "msgctxt", "msgstr[1]"]))
def test_fallback_line_breaking_matches_libunistring_on_latin_arabic_text(
    value: str, name: str
) -> None:
    """Without libunistring we break after spaces; on space-separated words that agrees."""
    if not linebreak.EXACT:
        pytest.skip("libunistring not installed")
    words = "".join(c for c in value if c.isalpha() or c == " ")
    encoded = words.encode()
    overrides = bytes(len(encoded))
    for start in (0, len(name) + 2 - 1):
        exact = linebreak.break_positions(encoded, overrides, 77, start)
        approximate = linebreak._fallback_break_positions(encoded, overrides, 77, start)
        assert approximate == exact


# --- fixed regression cases ---------------------------------------------------------------


def test_long_mixed_catalog_matches_msgcat(tmp_path: Path) -> None:
    po = new_catalog()
    po.append(
        polib.POEntry(
            msgid=ARABIC_SENTENCE,
            msgstr=ENGLISH_SENTENCE,
            occurrences=[("hanoi-convention-signing.ar.txt", str(n)) for n in range(1, 40)],
            comment="Paragraph 1, sentence 1.",
            tcomment="Checked against the official title list.\n\nSecond paragraph.",
        )
    )
    po.append(
        polib.POEntry(
            msgid="line one\nline two\n",
            msgstr='a "quoted" back\\slash\ttab, a very-long-hyphenated-word/with/slashes/in/it'
            "_and_underscores_so_that_it_passes_the_page_width\nsecond\n",
            flags=["fuzzy"],
            previous_msgid="old " * 30,
        )
    )
    po.append(polib.POEntry(msgid="x" * 100, msgstr="y" * 30 + " " + "z" * 90, msgctxt="c " * 50))
    po.append(
        polib.POEntry(
            msgid="one file",
            msgid_plural="files " * 20,
            msgstr_plural={0: "ملف واحد", 1: "ملفات " * 20},
        )
    )
    po.append(
        polib.POEntry(
            msgid="obsolete " * 12,
            msgstr="قديم " * 20,
            obsolete=True,
            flags=["fuzzy"],
            previous_msgid="older " * 15,
        )
    )
    written = assert_gnu_identical(po, tmp_path / "mixed.po").decode()
    # GNU conventions the formatter must follow:
    assert 'msgid ""\n"line one\\n"\n"line two\\n"\n' in written  # split at \n, "" first
    assert 'msgid "' + "x" * 100 + '"\n' in written  # unbreakable: stays on the keyword line
    assert "#~| msgid \"\"\n#~| \"older " in written  # obsolete previous msgid kept
    assert max(len(line) for line in written.splitlines() if line.startswith("#:")) <= 79


def test_header_is_split_at_newlines_and_keeps_its_field_order(tmp_path: Path) -> None:
    po = new_catalog()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en", **HEADER}
    written = assert_gnu_identical(po, tmp_path / "h.po").decode()
    assert written.startswith(
        "# English translation of the Hanoi Convention article.\n# Copyright (C) 2026\n"
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
    )


def test_short_header_stays_on_one_line_like_msgcat(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    path = tmp_path / "short.po"
    write_po(po, path)
    assert path.read_bytes() == msgcat(path)
    assert path.read_text().startswith(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"'
    )


def test_flags_are_normalised_like_msgcat(tmp_path: Path) -> None:
    po = new_catalog()
    po.append(
        polib.POEntry(
            msgid="a %s",
            msgstr="b %s",
            flags=["python-format", "wrap", "my-own-flag", "fuzzy", "c-format", "range: 1..5"],
        )
    )
    po.append(polib.POEntry(msgid="untranslated", msgstr="", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="gone", msgstr="", obsolete=True))
    written = assert_gnu_identical(po, tmp_path / "flags.po").decode()
    assert "#, fuzzy, c-format, python-format, range: 1..5\n" in written
    assert "#, fuzzy\nmsgid \"untranslated\"" not in written  # fuzzy dropped: nothing to judge
    assert "gone" not in written  # obsolete without translation: dropped, as msgcat does


def test_all_c_escapes_and_no_wrap(tmp_path: Path) -> None:
    po = new_catalog()
    po.append(polib.POEntry(msgid="bell\a back\b feed\f cr\r vt\v", msgstr="x\a\b\f\r\v"))
    po.append(polib.POEntry(msgid="word " * 40, msgstr="كلمة " * 40, flags=["no-wrap"]))
    path = tmp_path / "esc.po"
    write_po(po, path)
    assert msgcat(path) == path.read_bytes()
    assert '"bell\\a back\\b feed\\f cr\\r vt\\v"' in path.read_text()


def test_breaks_follow_unicode_rules_not_just_spaces(tmp_path: Path) -> None:
    """Hyphens, slashes and Arabic punctuation: wherever msgcat breaks, we break."""
    po = new_catalog()
    for text in (
        "state-of-the-art-" * 8,
        "path/to/" * 15,
        "؛".join(["كلمة"] * 30),
        "،".join(["الرئيس"] * 20),
        "(" + "word) (" * 15,
        "100,000.5 " * 12 + "-42 -" * 10,
        "http://example.org/" + "a" * 80,
    ):
        po.append(polib.POEntry(msgid=text, msgstr=""))
    assert_gnu_identical(po, tmp_path / "breaks.po")


def test_polib_own_output_differs_from_msgcat(tmp_path: Path) -> None:
    """The reason this formatter exists: polib's save is not what GNU tools write."""
    cases = [
        polib.POEntry(msgid="a very-long-hyphenated-word/with/slashes " * 3, msgstr=""),
        polib.POEntry(msgid="x" * 90, msgstr=""),  # GNU: no `msgid ""` line when unbreakable
        polib.POEntry(msgid="a", msgstr="b", tcomment="long translator comment " * 5),
        polib.POEntry(msgid="b", msgstr="c", flags=["fuzzy"], previous_msgid="old " * 30),
        polib.POEntry(msgid="c", msgstr="قديم " * 20, obsolete=True),
    ]
    for number, entry in enumerate(cases):
        po = new_catalog()
        po.append(entry)
        path = tmp_path / f"polib{number}.po"
        po.save(str(path))
        by_polib = path.read_bytes()
        write_po(po, path)
        assert msgcat(path) == path.read_bytes() != by_polib


def test_gnu_written_catalog_round_trips_byte_identical(tmp_path: Path) -> None:
    """A file as msgmerge/msgcat wrote it is read and written back unchanged."""
    source = tmp_path / "src.po"
    po = new_catalog()
    po.append(polib.POEntry(msgid=ARABIC_SENTENCE, msgstr="", occurrences=[("a.txt", "3")]))
    po.append(
        polib.POEntry(msgid="kept", msgstr="محفوظ", obsolete=True, previous_msgid="kept before")
    )
    po.append(polib.POEntry(msgid="ctx", msgctxt="menu", msgstr="سياق", flags=["fuzzy"]))
    source.write_text(polib_free_text := format_po(po), encoding="utf-8")
    gnu = msgcat(source)
    reread = tmp_path / "again.po"
    write_po(parse_po(gnu.decode(), source), reread)
    assert reread.read_bytes() == gnu
    assert polib_free_text.encode() == gnu


# --- read_po: malformed catalogs ----------------------------------------------------------

GOOD_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('msgid "open\nmsgstr "x"\n', 5, "unterminated string"),
        ('msgid "a"\nmsgfoo "x"\n', 6, "unknown keyword 'msgfoo'"),
        ('msgstr "orphan"\n', 5, "malformed catalog"),
        ('msgid "a"\nmsgstr "x" trailing\n', 6, "after the string"),
        ('msgid "a"\nmsgstr "bad \\q escape"\n', 6, "invalid escape sequence '\\q'"),
        ('msgid "a"\n', 5, "msgid without msgstr"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 6, "msgid after msgid without msgstr"),
        ('msgid "a"\nmsgstr[0] "x"\n', 6, "msgstr[N] without msgid_plural"),
        ('#, fuzzy\n"stray"\nmsgid "a"\nmsgstr ""\n', 6, "string without a keyword"),
        ('msgid "a" b\nmsgstr ""\n', 5, "after the string"),
        ('msgid "a\\x04 b"\nmsgstr ""\n', 5, "context separator"),
        ('msgid "a\x04b"\nmsgstr ""\n', 5, "U+0004"),
        ('msgid "a"\nmsgstr "x"\nmsgstr "y"\n', 7, "malformed catalog"),
        ('msgid "a"\n"loose text\nmsgstr ""\n', 6, "unterminated string"),
    ],
)
def test_malformed_catalog_names_file_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.po"
    path.write_text(GOOD_HEAD + body, encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        read_po(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(GOOD_HEAD.encode() + b'msgid "a"\nmsgstr "caf\xe9"\n')
    with pytest.raises(WorkbenchError) as caught:
        read_po(path)
    assert caught.value.line == 6
    assert "0xe9" in str(caught.value) and "UTF-8" in str(caught.value)


def test_missing_catalog(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="no such catalog"):
        read_po(tmp_path / "nope.po")


def test_unreadable_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.po"
    path.write_text(GOOD_HEAD, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make the read fail as it would for a user

        def denied(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", denied)
    try:
        with pytest.raises(WorkbenchError, match="permission denied"):
            read_po(path)
    finally:
        path.chmod(0o644)


def test_read_keeps_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "sep.po"
    po = new_catalog()
    po.append(polib.POEntry(msgid="a\u2028b\x1cc", msgstr="d\u2029e"))
    write_po(po, path)
    assert read_po(path)[0].msgid == "a\u2028b\x1cc"
    assert msgcat(path) == path.read_bytes()


def test_no_break_inside_format_directives_like_msgcat(tmp_path: Path) -> None:
    """GNU keeps a valid directive such as ``%(a b)s`` whole, but stops protecting after the
    first invalid one (in Python: named and unnamed directives mixed)."""
    po = new_catalog()
    for width in range(60, 76):
        for flag in ("c-format", "python-format", "no-python-format"):
            for middle in (" %(a b)s more ", " % d and %(a b)s more ", " %(first-name)s, "):
                po.append(
                    polib.POEntry(msgid="x" * width + middle + f"{flag} {width}", flags=[flag])
                )
    path = tmp_path / "formats.po"
    write_po(po, path)
    assert msgcat(path) == path.read_bytes()
    for entry in po:
        kept_whole = entry.flags == ["python-format"] and "% d" not in entry.msgid
        single = new_catalog()
        single.append(entry)
        if kept_whole:
            assert '%(a "\n' not in format_po(single)


def test_msgmerge_and_msginit_output_round_trips_byte_identical(tmp_path: Path) -> None:
    """Files GNU tools wrote (fuzzy with #|, obsolete with #~|, msginit's header) are read
    and written back unchanged."""
    pot = tmp_path / "new.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#: article.ar.txt:1\nmsgid "{ARABIC_SENTENCE} ١٠"\nmsgstr ""\n\n'
        '#: article.ar.txt:2\nmsgid "A brand new sentence."\nmsgstr ""\n',
        encoding="utf-8",
    )
    po_path = tmp_path / "en.po"
    subprocess.run(
        ["msginit", "--no-translator", "-l", "en", "-i", str(pot), "-o", str(po_path)],
        check=True,
        capture_output=True,
    )
    old = read_po(po_path)
    del old[:]  # keep msginit's header, replace the messages
    old.append(polib.POEntry(msgid=f"{ARABIC_SENTENCE} ٩", msgstr=ENGLISH_SENTENCE))
    old.append(fuzzy_entry("Removed sentence.", "جملة محذوفة", "Older removed sentence."))
    write_po(old, po_path)
    merged = tmp_path / "merged.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(merged), str(po_path), str(pot)],
        check=True,
    )
    gnu = merged.read_bytes()
    assert b"#| msgid" in gnu and b"#~| msgid" in gnu and b"#~ msgid" in gnu
    again = tmp_path / "again.po"
    write_po(read_po(merged), again)
    assert again.read_bytes() == gnu


HAND_WRITTEN = r"""#
# Header comment with trailing blanks<blanks>
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ar\n"

#
#  two spaces
# trailing<blanks>
#.
#.  extracted
#: ./a.c:007 a.c:7 b.c
#: c.c:1 b.c
#, python-format
#, fuzzy
#| msgid "old"
msgctxt ""
msgid "A \101\x42 %(x)s \a"
msgstr "ب"

#, no-wrap
#, c-format
#, range: 1..3
msgid "x"
"y" "z"
msgstr ""
"z"

# obsolete comment
#~ msgid "o"
#~ msgstr "p"

#~ msgid "dropped: no translation"
#~ msgstr ""

#, fuzzy
#~| msgid "prev"
#~| "ious"
#~ msgid "q"
#~ msgstr "r"
""".replace("<blanks>", "  ")


def test_reading_then_writing_normalises_exactly_like_msgcat(tmp_path: Path) -> None:
    """GNU-isms our reader must keep or normalise as GNU does: verbatim comments, empty
    ``#.``, octal/hex escapes, "./" in references, the last ``#,`` line winning, ``#~|``."""
    path = tmp_path / "hand.po"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    gnu = msgcat(path)
    assert format_po(read_po(path)).encode() == gnu
    assert b"#: a.c:7 a.c:7 b.c c.c:1\n#, fuzzy\n" in gnu  # GNU semantics, checked by GNU


@pytest.mark.parametrize(
    "flags",
    [
        "c-format fuzzy",
        "c-format fuzzy range: 1..2 no-python-format",
        "range: 1..2, c-format, fuzzy, no-python-format",
        "fuzzy,python-format",
        "  python-format ,  fuzzy  ",
        "range:1..2, c-format",
        "c-format, range: 3..",
        "range: 1..2junk, c-format",
        "range: 2..1, c-format",
        "range: 01..2, c-format",
    ],
)
def test_flags_are_read_and_written_as_msgcat_does(tmp_path: Path, flags: str) -> None:
    """A hand-written flags line keeps its meaning: ``#, c-format fuzzy`` stays fuzzy."""
    path = tmp_path / "flags.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, {flags}\nmsgid "%d file"\nmsgstr "%d fichier"\n',
        encoding="utf-8",
    )
    ours = tmp_path / "ours.po"
    write_po(read_po(path), ours)
    assert ours.read_bytes() == msgcat(path)


def test_reading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """read_po pauses the cyclic collector while it reads (speed); it must resume it after a
    good catalog and after a malformed one, and leave it off when it was off."""
    import gc

    from workbench.catalog.pofile import read_po
    from workbench.errors import WorkbenchError

    good, bad = tmp_path / "good.po", tmp_path / "bad.po"
    good.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    bad.write_text('msgid "a"\nmsgstr "unterminated\n')
    assert gc.isenabled()
    assert read_po(good)[0].msgstr == "b"
    assert gc.isenabled()
    with pytest.raises(WorkbenchError, match="bad.po"):
        read_po(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        read_po(good)
        assert not gc.isenabled()
    finally:
        gc.enable()
