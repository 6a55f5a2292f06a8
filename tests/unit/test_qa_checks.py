"""One known fault per translation, each caught by the right check and by no other."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GLOSSARY
from workbench.catalog.pofile import read_po
from workbench.errors import WorkbenchError
from workbench.glossary import Glossary
from workbench.qa import check_catalog, check_entry
from workbench.qa.checks import CHECK_NAMES

S1 = "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من 110 دول."
T1 = "The signing ceremony welcomed more than 2,500 delegates from 110 countries."
URL_SOURCE = "المصدر: https://vietnamnet.vn/an-ninh-mang-2456536.html"
FILE_SOURCE = "صورة المؤتمر z7157588517514_1471cc05946c11fe.jpg"

# (id, source, target, flags, fuzzy, expected check, expected severity)
FAULTS = [
    ("untranslated", S1, "", (), False, "untranslated", "warning"),
    (
        "identical",
        "التكنولوجيا من أجل الناس",
        "التكنولوجيا من أجل الناس",
        (),
        False,
        "identical",
        "warning",
    ),
    (
        "dropped-number",
        S1,
        "The ceremony welcomed more than 2,500 delegates from many countries.",
        (),
        False,
        "numbers",
        "error",
    ),
    (
        "changed-number",
        S1,
        "The signing ceremony welcomed more than 2,500 delegates from 100 countries.",
        (),
        False,
        "numbers",
        "error",
    ),
    ("arabic-digit-changed", "توقيع ٧٢ دولة", "72 countries signing", (), False, None, None),
    ("arabic-digit-wrong", "توقيع ٧٢ دولة", "27 countries signing", (), False, "numbers", "error"),
    ("extra-number", "توقيع الدول", "Signing by 72 countries", (), False, "numbers", "warning"),
    (
        "scaled-number-wrong",
        "أكثر من ٢٠٠ ألف متظاهر.",
        "More than 300,000 protesters.",
        (),
        False,
        "numbers",
        "error",
    ),
    (
        "altered-url",
        URL_SOURCE,
        "Source: https://vietnamnet.vn/an-ninh-mang-245653.html",
        (),
        False,
        "urls",
        "error",
    ),
    (
        "missing-email",
        "راسلونا على info@example.org",
        "Write to us at info@example.com",
        (),
        False,
        "emails",
        "error",
    ),
    (
        "renamed-file",
        FILE_SOURCE,
        "Conference photo z7157588517514_1471cc05946c11fe.png",
        (),
        False,
        "file-names",
        "error",
    ),
    (
        "python-format",
        "مرحباً %(name)s",
        "Hello %(nom)s",
        ("python-format",),
        False,
        "python-format",
        "error",
    ),
    (
        "python-format-order",
        "%s من %d",
        "%d of %s",
        ("python-format",),
        False,
        "python-format",
        "error",
    ),
    ("c-format", "حُذف %d ملف من %s", "Deleted %d files", ("c-format",), False, "c-format", "error"),
    ("c-format-reordered-ok", "%s: %d", "%2$d in %1$s", ("c-format",), False, None, None),
    (
        "brace-format",
        "مرحباً {name}",
        "Hello {user}",
        ("python-brace-format",),
        False,
        "brace-format",
        "error",
    ),
    (
        "end-question",
        "هل وقعت الدول؟",
        "Did the countries sign.",
        (),
        False,
        "end-punctuation",
        "warning",
    ),
    (
        "end-dropped",
        "وقعت الدول على الاتفاقية.",
        "The countries signed the Convention",
        (),
        False,
        "end-punctuation",
        "warning",
    ),
    ("leading-newline", "\nوقعت الدول", "The countries signed", (), False, "newlines", "error"),
    ("trailing-newline", "وقعت الدول\n", "The countries signed", (), False, "newlines", "error"),
    ("trailing-space", "وقعت الدول ", "The countries signed", (), False, "whitespace", "warning"),
    (
        "double-space",
        "وقعت الدول على الاتفاقية",
        "The countries  signed the Convention",
        (),
        False,
        "double-space",
        "warning",
    ),
    (
        "repeated-word",
        "وقعت الدول على الاتفاقية",
        "The countries signed the the Convention",
        (),
        False,
        "repeated-word",
        "warning",
    ),
    (
        "too-short",
        "إن اعتماد الاتفاقية بالإجماع وحفل التوقيع الناجح يؤكدان الدور المحوري للأمم",
        "Adoption",
        (),
        False,
        "length-ratio",
        "warning",
    ),
    (
        "too-long",
        "إيجاد حلول آمنة في الفضاء",
        "Finding safe solutions in cyberspace and " * 3 + "beyond",
        (),
        False,
        "length-ratio",
        "warning",
    ),
    (
        "glossary-rejected",
        "تؤمن فيتنام بالتعاون",
        "Viet Nam, or Vietnam, believes in cooperation",
        (),
        False,
        "glossary",
        "error",
    ),
    (
        "glossary-missing",
        "وزير الأمن العام يتحدث",
        "The Security Minister speaking",
        (),
        False,
        "glossary",
        "warning",
    ),
    (
        "markup-lost",
        "وقّع <b0>الوزير</b0> الاتفاق<b1/>",
        "<b0>The minister</b0> signed the agreement",
        (),
        False,
        "markup",
        "error",
    ),
    (
        "markup-nesting",
        "<a0>وقّع <b1>الوزير</b1></a0>",
        "<a0>The <b1>minister</a0> signed</b1>",
        (),
        False,
        "markup",
        "error",
    ),
    (
        "markup-added",
        "وقّع <b0>الوزير</b0> الاتفاق",
        "<b0>The minister</b0> signed <b0>the</b0> agreement",
        (),
        False,
        "markup",
        "error",
    ),
    ("markup-moved", "وقّع <b0>الوزير</b0>", "<b0>The minister</b0> signs", (), False, None, None),
]
FAULT_IDS = [fault[0] for fault in FAULTS]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


@pytest.mark.parametrize(
    ("source", "target", "flags", "fuzzy", "check", "severity"),
    [fault[1:] for fault in FAULTS],
    ids=FAULT_IDS,
)
def test_each_fault_is_caught_by_its_check_only(
    source, target, flags, fuzzy, check, severity, glossary
) -> None:
    findings = check_entry(source, target, flags=flags, fuzzy=fuzzy, glossary=glossary)
    if check is None:
        assert findings == []
        return
    assert {f.code for f in findings} == {check}, findings
    assert max(f.severity for f in findings if f.code == check) == severity
    assert all(f.message for f in findings)


def test_every_check_has_a_crafted_fault() -> None:
    # plural-forms judges a catalog's header, not one entry: test_qa_plural_forms.py;
    # spelling needs the Hunspell dictionary: test_qa_spelling.py
    exercised = {fault[5] for fault in FAULTS if fault[5]} | {"fuzzy", "plural-forms", "spelling"}
    assert exercised == set(CHECK_NAMES)


def test_fuzzy_entry_is_flagged_and_its_errors_become_warnings() -> None:
    dropped = "The signing ceremony welcomed more than 2,500 delegates from many countries."
    assert [f.severity for f in check_entry(S1, dropped)] == ["error"]
    findings = check_entry(S1, dropped, fuzzy=True)
    assert [(f.code, f.severity) for f in findings] == [
        ("fuzzy", "warning"),
        ("numbers", "warning"),
    ]
    assert [f.code for f in check_entry(S1, T1, flags=("fuzzy",))] == ["fuzzy"]


def test_glossary_check_is_skipped_without_a_glossary() -> None:
    assert check_entry("تؤمن فيتنام بالتعاون", "Vietnam believes in cooperation") == []


@pytest.fixture()
def faulty_catalog(tmp_path: Path) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for name, source, target, flags, fuzzy, _, _ in FAULTS:
        po.append(
            polib.POEntry(
                msgid=source,
                msgstr=target,
                msgctxt=name,
                flags=list(flags) + (["fuzzy"] if fuzzy else []),
            )
        )
    path = tmp_path / "faults.po"
    po.save(str(path))
    return path


def test_check_catalog_locates_each_fault_at_its_entry(faulty_catalog: Path, glossary) -> None:
    findings = check_catalog(faulty_catalog, glossary)
    lines = {e.msgctxt: e.linenum for e in read_po(faulty_catalog)}
    by_entry: dict[str, set[str]] = {}
    for finding in findings:
        assert finding.path == faulty_catalog
        context = next(name for name, line in lines.items() if line == finding.line)
        by_entry.setdefault(context, set()).add(finding.code)
    expected = {name: {check} for name, _, _, _, _, check, _ in FAULTS if check}
    assert by_entry == expected


def test_a_missing_glossary_is_named_by_the_glossary_loader(faulty_catalog: Path) -> None:
    missing = faulty_catalog.with_name("missing.tsv")
    with pytest.raises(WorkbenchError) as raised:
        check_catalog(faulty_catalog, missing)
    assert str(raised.value).startswith(f"{missing}: glossary file not found")


@pytest.mark.parametrize(
    "fault_id",
    ["python-format", "python-format-order", "c-format", "leading-newline", "trailing-newline"],
)
def test_faults_we_call_errors_are_refused_by_msgfmt_too(tmp_path: Path, fault_id: str) -> None:
    """GNU msgfmt -c is the external judge for format and newline errors."""
    _, source, target, flags, _, check, severity = FAULTS[FAULT_IDS.index(fault_id)]
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=source, msgstr=target, flags=list(flags)))
    path = tmp_path / "one.po"
    po.save(str(path))
    judge = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert judge.returncode != 0
    assert severity == "error"
    assert [f.code for f in check_catalog(path)] == [check]


@settings(max_examples=300, deadline=None)
@given(
    source=st.text(max_size=60),
    target=st.text(max_size=60),
    flags=st.lists(st.sampled_from(["python-format", "c-format", "python-brace-format"])),
    fuzzy=st.booleans(),
)
def test_any_text_gives_well_formed_findings(source, target, flags, fuzzy) -> None:
    for finding in check_entry(source, target, flags=flags, fuzzy=fuzzy):
        assert finding.code in CHECK_NAMES
        assert finding.severity in ("error", "warning")
        assert finding.message
        assert not (fuzzy and finding.severity == "error")


def test_plural_forms_are_checked_and_obsolete_entries_skipped(tmp_path: Path) -> None:
    """msgstr[1] serves every n but 1, so it must keep the number (msgstr[0] may drop it)."""
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(
        polib.POEntry(
            msgid="وقعت %d دولة",
            msgid_plural="وقعت %d دول",
            msgstr_plural={0: "%d country signed", 1: "countries signed"},
            flags=["c-format"],
        )
    )
    po.append(polib.POEntry(msgid="قديم 5", msgstr="old", obsolete=True))
    path = tmp_path / "plural.po"
    po.save(str(path))
    findings = check_catalog(path)
    assert [(f.code, f.subject) for f in findings] == [("c-format", "وقعت %d دولة")]
    refusal = "number of format specifications in 'msgid_plural' and 'msgstr[1]' does not match"
    assert findings[0].message.startswith(refusal)
    judge = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert judge.returncode != 0 and refusal in judge.stderr


def test_pretranslated_entries_say_where_their_text_came_from(tmp_path: Path) -> None:
    """A fuzzy entry a pre-translation run filled is reported as unreviewed MT (with its model)
    or TM match, a human fuzzy entry as before; the content checks still run on both."""
    from workbench.catalog.marks import mt_note, tm_note

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, note in ((S1, mt_note("Helsinki-NLP/opus-mt-ar-en", "terms enforced")),
                        ("السلام", tm_note()), ("الأمن", "checked by a human")):  # fmt: skip
        po.append(polib.POEntry(msgid=msgid, msgstr="Text", flags=["fuzzy"], tcomment=note))
    path = tmp_path / "mt.po"
    po.save(str(path))
    fuzzy = {f.subject: f.message for f in check_catalog(path) if f.code == "fuzzy"}
    assert fuzzy == {
        S1: "unreviewed machine translation (Helsinki-NLP/opus-mt-ar-en): post-edit it and "
        "clear the fuzzy flag",
        "السلام": "unreviewed translation-memory match: post-edit it and clear the fuzzy flag",
        "الأمن": "marked fuzzy: review the translation and clear the flag",
    }
    assert {f.code for f in check_catalog(path) if f.subject == S1} >= {"numbers"}


def test_a_rejected_rendering_is_one_finding_not_two(glossary) -> None:
    """'Vietnam' for فيتنام: the error names the rendering to use; no second finding saying
    the approved one is missing."""
    findings = check_entry("وقّعت فيتنام على الاتفاقية.", "Vietnam signed the Convention.",
                           glossary=glossary)  # fmt: skip
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("glossary", "error", "'Vietnam' is a rejected rendering of 'فيتنام'; use 'Viet Nam'")
    ]


@pytest.mark.parametrize(
    ("source", "target", "check"),
    [
        ("الموقع https://unodc.org/hanoi", "The site https://unodc.org/hanoi2", "urls"),
        ("الموقع https://unodc.org/hanoi", "The site https://unodc.org/hanoi/x", "urls"),
        ("الموقع https://a.org/x.", "The site https://a.org/x?y=1.", "urls"),
        ("راسلونا على info@un.org", "Write to info@un.org.uk", "emails"),
        ("انظر report.pdf", "See report.pdf.bak", "file-names"),
    ],
    ids=["url-digit-added", "url-path-added", "url-query-added", "email-domain-added", "file-ext"],
)
def test_a_lengthened_url_email_or_file_name_is_altered(source, target, check) -> None:
    assert [f.code for f in check_entry(source, target)] == [check]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("المصدر: https://a.org/x، وغيره", "Source: https://a.org/x, and others"),
        ("راسلونا على info@un.org.", "Write to info@un.org."),
        ("انظر (report.pdf)", "See (report.pdf)"),
    ],
)
def test_verbatim_items_followed_by_punctuation_are_kept(source, target) -> None:
    assert check_entry(source, target) == []


@pytest.mark.parametrize("fuzzy", [False, True])
def test_refusal_note_says_when_msgfmt_refuses(fuzzy: bool) -> None:
    """msgfmt -c skips fuzzy entries: their lowered errors say it will refuse them once
    approved, approved entries' errors that it refuses them now."""
    findings = check_entry("%d ملفات\n", "%s files", flags=["c-format"], fuzzy=fuzzy)
    refusals = [f for f in findings if "msgfmt -c" in f.message]
    assert {f.code for f in refusals} == {"c-format", "newlines"}
    note = "(msgfmt -c will refuse this once approved)" if fuzzy else "(msgfmt -c refuses this)"
    assert all(f.message.endswith(note) for f in refusals)
    assert {f.severity for f in refusals} == {"warning" if fuzzy else "error"}
