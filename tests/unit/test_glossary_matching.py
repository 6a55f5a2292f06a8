"""Arabic-aware matching: normalization, proclitics, whole words, leftmost-longest, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GLOSSARY
from workbench.glossary import Glossary, Term
from workbench.glossary.arabic import normalize, normalize_with_offsets


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


def found(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    matches = glossary.match(text)
    for match in matches:
        assert text[match.start : match.end] == match.text
    return [(m.text, m.term.target) for m in matches]


# Every official title of the sample article, in order, with its surface form (clitics kept).
SAMPLE_EXPECTED = [
    ("الجنرال", "General"),
    ("لونغ تام كوانغ", "Luong Tam Quang"),
    ("وزير الأمن العام", "Minister of Public Security"),
    ("الجرائم الإلكترونية", "cybercrime"),
    ("الجرائم الإلكترونية", "cybercrime"),
    ("الجنرال", "General"),
    ("لونغ تام كوانغ", "Luong Tam Quang"),
    ("وزير الأمن العام", "Minister of Public Security"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("الجرائم الإلكترونية", "cybercrime"),
    ("وزير الأمن العام", "Minister of Public Security"),
    ("لونغ تام كوانغ", "Luong Tam Quang"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("الجرائم الإلكترونية", "cybercrime"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("هانوي", "Hanoi"),
    ("للأمم المتحدة", "United Nations"),
    ("لونغ تام كوانغ", "Luong Tam Quang"),
    ("لاتفاقية هانوي", "Hanoi Convention"),
    ("فيتنام", "Viet Nam"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("الأمن السيبراني", "cybersecurity"),
    ("جون براندولينو", "John Brandolino"),
    ("مدير إدارة شؤون المعاهدات", "Director of the Division for Treaty Affairs"),
    ("مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "United Nations Office on Drugs and Crime"),
    ("هانوي", "Hanoi"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("جون براندولينو", "John Brandolino"),
    ("للأمن السيبراني", "cybersecurity"),
    ("جون براندولينو", "John Brandolino"),
    ("جون براندولينو", "John Brandolino"),
    ("وزارة الأمن العام", "Ministry of Public Security"),
    ("وزارة الخارجية", "Ministry of Foreign Affairs"),
    ("اتفاقية هانوي", "Hanoi Convention"),
    ("نائب وزير الخارجية الدائم", "Permanent Deputy Minister of Foreign Affairs"),
    ("نغوين مينه فو", "Nguyen Minh Vu"),
    ("فيتنام", "Viet Nam"),
    ("الدول الأعضاء", "Member States"),
    ("الجرائم الإلكترونية", "cybercrime"),
    ("هانوي", "Hanoi"),
    ("نغوين مينه فو", "Nguyen Minh Vu"),
    ("اللواء", "Major General"),
    ("وزارة الأمن العام", "Ministry of Public Security"),
    ("لفيتنام", "Viet Nam"),
    ("رؤساء الدول", "heads of state"),
]


def test_every_official_title_of_the_sample_article_is_found(
    glossary: Glossary, sample_text: str
) -> None:
    assert found(glossary, sample_text) == SAMPLE_EXPECTED


def test_the_longer_unodc_name_wins_over_united_nations_inside_it(
    glossary: Glossary, sample_text: str
) -> None:
    line = next(x for x in sample_text.splitlines() if "مكتب الأمم المتحدة" in x)
    targets = [target for _, target in found(glossary, line)]
    assert "United Nations Office on Drugs and Crime" in targets
    assert "United Nations" not in targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال لوزير الأمن العام", [("لوزير الأمن العام", "Minister of Public Security")]),
        ("وللجنرال كلمة", [("وللجنرال", "General")]),
        ("للجنرال", [("للجنرال", "General")]),
        ("بالجنرال", [("بالجنرال", "General")]),
        ("فالجنرال", [("فالجنرال", "General")]),
        ("كالجنرال", [("كالجنرال", "General")]),
        ("لاتفاقية هانوي", [("لاتفاقية هانوي", "Hanoi Convention")]),
        ("وبهانوي", [("وبهانوي", "Hanoi")]),
        ("الوزير", []),  # no term "الوزير"
        ("وفيتنام", [("وفيتنام", "Viet Nam")]),
        ("للأمم المتحدة", [("للأمم المتحدة", "United Nations")]),
        ("والأمم المتحدة", [("والأمم المتحدة", "United Nations")]),
    ],
)
def test_proclitics_are_accepted(glossary: Glossary, text: str, expected: list) -> None:
    assert found(glossary, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "اللوائح",  # starts like اللواء but is another word
        "الجنرالات",  # suffix: not the same word
        "سالجنرال",  # س is not a proclitic
        "ولالجنرال",  # ل + ال must be written لل
        "ووبالجنرال",  # too many proclitics
        "فيتناميون",
        "الالجنرال",  # the article only once
    ],
)
def test_whole_words_only(glossary: Glossary, text: str) -> None:
    assert found(glossary, text) == []


def test_article_before_a_term_without_one() -> None:
    glossary = Glossary([Term("التعاون", "cooperation"), Term("وزير", "minister")])
    assert found(glossary, "بالتعاون مع الوزير وللوزير") == [
        ("بالتعاون", "cooperation"),
        ("الوزير", "minister"),
        ("وللوزير", "minister"),
    ]


def test_diacritics_tatweel_and_hamza_less_forms_match() -> None:
    glossary = Glossary([Term("وزير الأمن العام", "Minister of Public Security")])
    for text in [
        "وَزِيرُ الأَمْنِ العَامِّ",  # full harakat and shadda
        "وزيـــر الأمـــن العـــام",  # tatweel
        "وزير الامن العام",  # hamza-less alef
        "وزير إلأمن ٱلعام",  # other alef forms
        "وزير  الأمن\nالعام",  # whitespace runs and a line break
        "وزير\u200f الأمن العام",  # a bidi mark
        "وزير \u064e الأمن العام",  # a stray mark between two spaces
    ]:
        matches = glossary.match(f"قال {text}، ثم")
        assert [m.text for m in matches] == [text], text
        assert matches[0].start == 4


def test_offsets_include_trailing_diacritics_and_clitics() -> None:
    glossary = Glossary([Term("فيتنام", "Viet Nam"), Term("الجنرال", "General")])
    text = "زار لِفِيتْنَامَ وَلِلْجَنَرَالِ"
    matches = glossary.match(text)
    assert [(m.start, m.end, m.text) for m in matches] == [
        (4, 16, "لِفِيتْنَامَ"),
        (17, len(text), "وَلِلْجَنَرَالِ"),
    ]
    assert matches[1].proclitic == "ول"
    assert matches[0].proclitic == "ل"


def test_final_ta_marbuta_and_alef_maqsura_variants() -> None:
    glossary = Glossary(
        [Term("وزارة الخارجية", "Ministry of Foreign Affairs"), Term("مصطفى", "Mustafa")]
    )
    assert [m.term.target for m in glossary.match("وزاره الخارجيه ومصطفي")] == [
        "Ministry of Foreign Affairs",
        "Mustafa",
    ]


def test_leftmost_longest_among_overlaps() -> None:
    glossary = Glossary(
        [
            Term("الأمم المتحدة", "United Nations"),
            Term("اتفاقية الأمم المتحدة", "UN Convention"),
            Term("الأمم المتحدة لمكافحة", "X"),
        ]
    )
    # The leftmost candidate wins, then the longest at that position.
    assert found(glossary, "اتفاقية الأمم المتحدة لمكافحة") == [
        ("اتفاقية الأمم المتحدة", "UN Convention")
    ]
    assert found(glossary, "الأمم المتحدة لمكافحة") == [("الأمم المتحدة لمكافحة", "X")]


def test_normalize_and_offsets_round_trip() -> None:
    text = "الأَمْـــنُ  العام"
    normalized = normalize_with_offsets(text)
    assert normalized.text == "الامن العام"
    assert normalize(text) == "الامن العام"
    assert [text[normalized.original_index(i)] for i in range(len(normalized.text))] == list(
        "الأمن العام"
    )
    assert normalized.original_index(len(normalized.text)) == len(text)


def test_normalize_folds_letters_case_and_whitespace() -> None:
    text = "إدارة\tUN\xa0یک أعلى\u200f"  # Persian yeh/keheh, a tab, a no-break space, RLM
    assert normalize(text) == "اداره un يك اعلي"
    assert normalize_with_offsets(text).text == normalize(text)


def test_latin_terms_match_case_insensitively() -> None:
    glossary = Glossary([Term("UNODC", "UNODC")])
    assert [m.text for m in glossary.match("مكتب unodc و UNODC.")] == ["unodc", "UNODC"]


def test_empty_glossary_and_text() -> None:
    assert Glossary([]).match("فيتنام") == []
    assert Glossary([Term("فيتنام", "Viet Nam")]).match("") == []


# --- property: every inserted term is found, at exactly the span it was inserted at -----------

_PROJECT_TERMS = Glossary.load(GLOSSARY)
# Terms that no other term contains and that contain no other term, so each stands alone.
_STANDALONE = [
    t
    for t in _PROJECT_TERMS.terms
    if not any(o is not t and (o.source in t.source or t.source in o.source)
               for o in _PROJECT_TERMS.terms)
]
_FILLER = ["قال", "في", "من", "إن", "المؤتمر", "عقد", "اليوم", "دولة"]
_MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640", "\u0670"]


@st.composite
def decorated_term(draw: st.DrawFn) -> tuple[str, Term]:
    term = draw(st.sampled_from(_STANDALONE))
    conj = draw(st.sampled_from(["", "و", "ف"]))
    prep = draw(st.sampled_from(["", "ب", "ك", "ل"]))
    surface = term.source
    if surface.startswith("ال") and prep == "ل":
        surface = surface[1:]  # ل + ال -> لل
    surface = conj + prep + surface
    chars = []
    for char in surface:
        chars.append(char)
        if char != " " and draw(st.integers(0, 4)) == 0:
            chars.append(draw(st.sampled_from(_MARKS)))
    return "".join(chars), term


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FILLER), decorated_term()), min_size=1, max_size=5))
def test_inserted_terms_are_found_at_their_exact_spans(
    pieces: list[tuple[str, tuple[str, Term]]],
) -> None:
    text = ""
    expected = []
    for filler, (surface, term) in pieces:
        text += filler + " "
        expected.append((len(text), len(text) + len(surface), term.target))
        text += surface + "، "
    assert [(m.start, m.end, m.term.target) for m in _PROJECT_TERMS.match(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "قال <b0>وزير الأمن العام</b0> إن",
        "قال وزير <b0>الأمن</b0> العام<b1/> إن",
        "قال <a0>لوزير الأمن العام</a0>",
    ],
)
def test_inline_markup_placeholders_do_not_break_a_term(glossary: Glossary, text: str) -> None:
    """A document unit's placeholders count as spaces: the term inside or across them is
    found, its offsets still indexing the text as given."""
    [found] = glossary.match(text)
    assert found.term.target == "Minister of Public Security"
    assert found.text == text[found.start : found.end]
    assert found.text.replace("<b0>", "").replace("</b0>", "").endswith("الأمن العام")
