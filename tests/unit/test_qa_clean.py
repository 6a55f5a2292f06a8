"""Correct Arabic->English translations must pass QA with no finding: false alarms are bugs.

The reference set is the sample article (every segment 'workbench import' makes of it) with
translations that follow the project glossary, the glossary's own terms, and sentences written
with Arabic-Indic digits and Arabic punctuation.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import GLOSSARY, SAMPLE
from workbench.glossary import Glossary
from workbench.qa import check_catalog, check_entry
from workbench.qa.checks.wording import LENGTH_RATIO_HIGH, LENGTH_RATIO_LOW

ARTICLE = [
    (
        "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من 110 دول، و150 منظمة دولية وإقليمية وخاصة، "
        "وأكثر من 50 مؤسسة بحثية.",
        "The signing ceremony welcomed more than 2,500 delegates from 110 countries, 150 "
        "international, regional and private organizations and more than 50 research institutes.",
    ),
    (
        "وفي كلمته الختامية، قال الجنرال لونغ تام كوانغ، وزير الأمن العام، إن مراسم توقيع "
        "الاتفاقية أقيمت على مدى يومين بشكل رسمي وناجح، بمشاركة ممثلين من 72 دولة وقعت على "
        "الاتفاقية.",
        "In his closing speech, General Luong Tam Quang, Minister of Public Security, said that "
        "the signing ceremony of the Convention had been held over two days, formally and "
        "successfully, with representatives of 72 signatory countries.",
    ),
    (
        "تضمنت القمة جلسات نقاش وفعاليات جانبية جرت بحماس كبير، مع العديد من الآراء العميقة، "
        "والتي تعكس بوضوح صورة وضع الجرائم الإلكترونية في العالم ، وجهود كل دولة ومنظمة وفرد، "
        "والحاجة الملحة لتعزيز التعاون الدولي في منع ومكافحة الجرائم الإلكترونية.",
        "The summit included lively panel discussions and side events with many in-depth views, "
        "clearly reflecting the state of cybercrime in the world, the efforts of every country, "
        "organization and individual, and the urgent need to strengthen international "
        "cooperation in preventing and combating cybercrime.",
    ),
    (
        "الجنرال لونغ تام كوانغ، وزير الأمن العام، يتحدث",
        "General Luong Tam Quang, Minister of Public Security, speaking",
    ),
    (
        "وقد طرح المؤتمر العديد من المقترحات والمبادرات والالتزامات لتنفيذ اتفاقية هانوي بشكل "
        "فعال لإحداث تغييرات قوية في منع ومكافحة الجرائم الإلكترونية في المستقبل القريب.",
        "The conference put forward many proposals, initiatives and commitments to implement "
        "the Hanoi Convention effectively and bring strong change to the prevention of and "
        "fight against cybercrime in the near future.",
    ),
    (
        "التكنولوجيا من أجل الناس، والرقمنة من أجل السلام",
        "Technology for the people, digitalization for peace",
    ),
    (
        "أطلع وزير الأمن العام، لونغ تام كوانغ، على نتائج التوافق الثلاثة.",
        "Minister of Public Security Luong Tam Quang presented the three points of consensus.",
    ),
    (
        "وتُعدّ اتفاقية هانوي خطوة استراتيجية وتاريخية، تُجسّد رؤية المجتمع الدولي ومسؤوليته "
        "وجهوده المشتركة وروح التعاون لديه من أجل فضاء إلكتروني آمن وجدير بالثقة، من أجل الناس "
        "والسلام والتنمية المستدامة.",
        "The Hanoi Convention is a strategic and historic step that embodies the vision, "
        "responsibility, joint efforts and spirit of cooperation of the international community "
        "for a safe and trustworthy cyberspace, for people, peace and sustainable development.",
    ),
    (
        "لقد أرست اتفاقية هانوي أساساً قانونياً للتعاون الدولي؛ وفي الوقت نفسه، تؤكد على قيمة "
        "التعاون متعدد الأطراف والحوار المتكافئ واحترام السيادة الوطنية، لضمان أن يصبح الفضاء "
        "الإلكتروني بيئة تخدم السلام والإنصاف والتنمية المستدامة.",
        "The Hanoi Convention has laid a legal foundation for international cooperation; at the "
        "same time, it affirms the value of multilateral cooperation, dialogue on an equal "
        "footing and respect for national sovereignty, so that cyberspace becomes an "
        "environment that serves peace, fairness and sustainable development.",
    ),
    (
        "إن حضور عدد كبير من الدول والمنظمات الدولية والمؤسسات والأفراد الذين حضروا الحفل يدل "
        "على روح التضامن والمسؤولية والإرادة السياسية والتصميم العالي للمجتمع الدولي في مكافحة "
        "الجرائم الإلكترونية، مما يفتح فرصاً جديدة لتعزيز التعاون وتوطيد الثقة ودعم التقدم "
        "المشترك للبشرية.",
        "The presence of so many countries, international organizations, institutions and "
        "individuals at the ceremony shows the solidarity, responsibility, political will and "
        "strong determination of the international community to fight cybercrime, opening new "
        "opportunities to strengthen cooperation, build trust and support the common progress "
        "of humanity.",
    ),
    (
        "لقد أرست اتفاقية هانوي أساساً قانونياً للتعاون الدولي؛ وفي الوقت نفسه، تؤكد على قيمة "
        "التعاون متعدد الأطراف والحوار المتكافئ واحترام السيادة الوطنية.",
        "The Hanoi Convention has laid a legal foundation for international cooperation; at the "
        "same time, it affirms the value of multilateral cooperation, dialogue on an equal "
        "footing and respect for national sovereignty.",
    ),
    (
        "إن اعتماد الاتفاقية بالإجماع وحفل التوقيع الناجح في هانوي يؤكدان الدور المحوري للأمم "
        "المتحدة ويعززان التعاون الدولي لمواجهة التحديات العالمية.",
        "The unanimous adoption of the Convention and the successful signing ceremony in Hanoi "
        "confirm the central role of the United Nations and strengthen international "
        "cooperation in meeting global challenges.",
    ),
    (
        "من أجل مستقبل رقمي آمن وعادل وإنساني، اقترح الوزير لونغ تام كوانغ ودعا الدول والمنظمات "
        "والشركات إلى تعزيز التعاون في التنفيذ الفعال لاتفاقية هانوي بتضامن وثقة استراتيجية، "
        "وبشعور بالمسؤولية، وتبادل الخبرات والتكنولوجيا والموارد، وخاصة دعم البلدان النامية.",
        "For a safe, fair and humane digital future, Minister Luong Tam Quang proposed and "
        "called on countries, organizations and businesses to strengthen cooperation in "
        "implementing the Hanoi Convention effectively, with solidarity, strategic trust and a "
        "sense of responsibility, and to share experience, technology and resources, "
        "especially in support of developing countries.",
    ),
    (
        "تؤمن فيتنام بأن مراسم توقيع الاتفاقية ستكون علامة فارقة تاريخية، إذ ستفتح عهداً جديداً "
        "من التعاون في سبيل حماية السلام والاستقرار والتنمية المستدامة للبشرية.",
        "Viet Nam believes that the signing ceremony of the Convention will be a historic "
        "milestone, opening a new era of cooperation to protect peace, stability and "
        "sustainable development for humanity.",
    ),
    (
        "وستصبح اتفاقية هانوي منارةً حقيقيةً للتعاون العالمي في مجال الأمن السيبراني، تقود "
        'العالم نحو هدف "التكنولوجيا في خدمة الإنسان، والتحول الرقمي من أجل السلام".',
        "The Hanoi Convention will become a true beacon of global cooperation in cybersecurity, "
        'leading the world towards the goal of "technology serving people, digital '
        'transformation for peace."',
    ),
    ("إيجاد حلول آمنة في الفضاء الإلكتروني", "Finding safe solutions in cyberspace"),
    (
        "قال السيد جون براندولينو، مدير إدارة شؤون المعاهدات في مكتب الأمم المتحدة المعني "
        "بالمخدرات والجريمة، إن 4 جلسات رفيعة المستوى، و4 موائد مستديرة، و37 فعالية جانبية، "
        "والعديد من المعارض التي أقامتها الوفود والدول قد أثرت وشكلت محتوى المؤتمر.",
        "Mr. John Brandolino, Director of the Division for Treaty Affairs of the United Nations "
        "Office on Drugs and Crime, said that four high-level sessions, four round tables, 37 "
        "side events and many exhibitions by delegations and countries had enriched and shaped "
        "the content of the conference.",
    ),
    (
        "حققت هانوي إنجازاً تاريخياً هاماً: توقيع 72 دولة عضواً على اتفاقية هانوي.",
        "Hanoi achieved an important historic milestone: 72 member countries signed the Hanoi "
        "Convention.",
    ),
    ("السيد جون براندولينو يتحدث", "Mr. John Brandolino speaking"),
    (
        '"لقد سعى هذا المؤتمر إلى إيجاد حلول للأمن السيبراني في جميع أنحاء العالم. والرسالة '
        "المستخلصة من هذه المناقشات هي أننا بحاجة إلى ضمان مستقبل أكثر عدلاً وأماناً للجميع، من "
        'أجل الحياة اليوم وغداً"، هذا ما أكده السيد جون براندولينو.',
        '"This conference has sought cybersecurity solutions for the whole world. The message '
        "of these discussions is that we need to secure a fairer and safer future for all, for "
        'life today and tomorrow," Mr. John Brandolino stressed.',
    ),
    (
        "ومع ذلك، أشار السيد جون براندولينو إلى أن التفاوض على الاتفاقية ليس سوى البداية، وأن "
        "مهمة الدول هي التحرك نحو المرحلة التالية - دخول الاتفاقية حيز التنفيذ.",
        "However, Mr. John Brandolino noted that negotiating the Convention is only the "
        "beginning, and that the task of countries is to move on to the next stage: the entry "
        "into force of the Convention.",
    ),
    ("المندوبون الحاضرون في حفل الختام", "Delegates attending the closing ceremony"),
    (
        "بعد ظهر اليوم، نسقت وزارة الأمن العام مع وزارة الخارجية لعقد مؤتمر صحفي للإعلان عن "
        "نتائج مراسم توقيع اتفاقية هانوي.",
        "In the afternoon, the Ministry of Public Security and the Ministry of Foreign Affairs "
        "held a press conference to announce the results of the signing ceremony of the Hanoi "
        "Convention.",
    ),
    (
        "أكد نائب وزير الخارجية الدائم نغوين مينه فو أن أهم نتيجة لحفل توقيع الاتفاقية هي أن "
        "فيتنام، بالتعاون مع الدول الأعضاء، قد ضمنت الظروف اللازمة لتنفيذ الاتفاقية قريباً.",
        "Permanent Deputy Minister of Foreign Affairs Nguyen Minh Vu stressed that the most "
        "important result of the signing ceremony is that Viet Nam, together with the Member "
        "States, has secured the conditions for the Convention to be implemented soon.",
    ),
    (
        "بحسب اللوائح، لن تدخل الاتفاقية حيز التنفيذ إلا بعد حصولها على الحد الأدنى من "
        "التوقيعات اللازمة للتصديق، وهو 40 توقيعاً، إلا أن 72 دولة قد وقعت عليها.",
        "Under the rules, the Convention will enter into force only after it has received the "
        "minimum of 40 ratifications required, but 72 countries have already signed it.",
    ),
    (
        "وصرح نائب وزير الخارجية بأن هذه خطوة هامة إلى الأمام، تُهيئ أرضيةً خصبةً لدخول "
        "الاتفاقية حيز التنفيذ قريباً وتطبيقها عملياً، مما يُسهم في بناء آلية تعاون عالمي أوثق "
        "في مجال منع ومكافحة الجرائم الإلكترونية.",
        "The Deputy Minister of Foreign Affairs said that this is an important step forward, "
        "laying fertile ground for the Convention to enter into force soon and be applied in "
        "practice, helping to build a closer global cooperation mechanism for preventing and "
        "combating cybercrime.",
    ),
    (
        'لا تُعرف هانوي فقط باسم "مدينة السلام"، بل تُعرف الآن أيضاً بأنها مركز الالتزامات '
        "والمسؤوليات الدولية في بناء بيئة شبكية آمنة وموثوقة.",
        'Hanoi is known not only as the "City for Peace" but now also as a centre of '
        "international commitments and responsibilities in building a safe and reliable "
        "network environment.",
    ),
    (
        "نائب وزير الخارجية نغوين مينه فو يجيب في المؤتمر الصحفي",
        "Deputy Minister of Foreign Affairs Nguyen Minh Vu answering at the press conference",
    ),
    (
        "صرح اللواء نغوين كوك توان، رئيس مكتب المتحدث الرسمي باسم وزارة الأمن العام، بأن حفل "
        "توقيع الاتفاقية حدثٌ ذو أهمية خاصة، ليس فقط لفيتنام بل وللدولة بأسرها.",
        "Major General Nguyen Quoc Tuan, Chief of the Office of the Spokesperson of the "
        "Ministry of Public Security, said that the signing ceremony is an event of special "
        "importance, not only for Viet Nam but for the whole nation.",
    ),
    (
        "وبحضور عدد كبير من المندوبين، بمن فيهم العديد من رؤساء الدول وكبار المسؤولين "
        "والصحفيين الدوليين، تم تحديد ضمان الأمن والنظام كمهمة رئيسية، سيتم تنفيذها بشكل متزامن "
        "منذ البداية.",
        "With many delegates attending, including many heads of state, senior officials and "
        "international journalists, ensuring security and order was set as a key task, carried "
        "out in a coordinated way from the start.",
    ),
    (
        "تم إنجاز أعمال الأمن والسلامة الخاصة بالحدث بشكل ممتاز، حيث كانت محكمة وآمنة، وواسعة "
        "ومريحة للوفود والصحفيين للعمل.",
        "Security and safety work for the event was carried out excellently: tight and safe, "
        "yet spacious and comfortable for delegations and journalists to work in.",
    ),
    (
        "المصدر: https://vietnamnet.vn/cong-uoc-ha-noi-ngon-hai-dang-soi-duong-cho-hop-tac-toan-cau"
        "-ve-an-ninh-mang-2456536.html",
        "Source: https://vietnamnet.vn/cong-uoc-ha-noi-ngon-hai-dang-soi-duong-cho-hop-tac-toan-"
        "cau-ve-an-ninh-mang-2456536.html",
    ),
]

ARABIC_SCRIPT = [
    ("وُقِّعت الاتفاقية في عام ٢٠٢٤.", "The Convention was signed in 2024."),
    ("حضر ٢٬٥٠٠ مندوب.", "2,500 delegates attended."),
    ("حضر ۲۵۰۰ مندوب.", "2500 delegates attended."),
    ("بلغت نسبة المشاركة ٣٫٥٪.", "Participation reached 3.5%."),
    ("هل وقعت ٧٢ دولة على الاتفاقية؟", "Did 72 countries sign the Convention?"),
    ("الأمن، والسلام، والتنمية؛", "security, peace and development;"),
    ("القائمة التالية:", "The following list:"),
    (
        "انظر الصورة photo-2024.jpg والموقع www.un.org",
        "See the picture photo-2024.jpg and www.un.org",
    ),
    ("راسلونا على info@example.org!", "Write to us at info@example.org!"),
    ("مرحباً %(name)s، لديك %d رسائل.", "Hello %(name)s, you have %d messages."),
    # numbers with a scale word, written out in full on the other side
    ("تظاهر أكثر من ٢٠٠ ألف شخص.", "More than 200,000 people demonstrated."),
    ("بلغت الخسائر ١٫٥ مليار دولار.", "Losses reached $1,500,000,000."),
    ("زار المعرض 2500000 شخص.", "2.5 million people visited the exhibition."),
]
PYTHON_FORMAT = {"مرحباً %(name)s، لديك %d رسائل."}


def glossary_pairs() -> list[tuple[str, str]]:
    pairs = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            arabic, english, *_ = line.split("\t")
            pairs.append((arabic, english))
    return pairs


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


def test_the_reference_covers_every_segment_of_the_sample(tmp_path: Path) -> None:
    """The reference set is what 'workbench import' makes of the sample, not a hand-picked part."""
    from workbench.catalog.importer import import_sources  # noqa: F401  (the importer exists)

    shutil.copy(SAMPLE, tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.workbench]\nlocales = "locales"\n')
    result = subprocess.run(
        ["workbench", "import", SAMPLE.name, "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(tmp_path / "locales/en/LC_MESSAGES/hanoi-convention-signing.po"))
    assert [e.msgid for e in po] == [source for source, _ in ARTICLE]


def _env() -> dict[str, str]:
    import os
    import sys

    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


@pytest.mark.parametrize(("source", "target"), ARTICLE, ids=lambda v: v[:30])
def test_article_translations_have_no_finding(source: str, target: str, glossary) -> None:
    assert check_entry(source, target, glossary=glossary) == []


@pytest.mark.parametrize(("source", "target"), ARABIC_SCRIPT, ids=lambda v: v[:30])
def test_arabic_digits_and_punctuation_have_no_finding(source: str, target: str) -> None:
    flags = ("python-format",) if source in PYTHON_FORMAT else ()
    assert check_entry(source, target, flags=flags) == []


@pytest.mark.parametrize(("source", "target"), glossary_pairs(), ids=lambda v: v[:30])
def test_official_titles_have_no_finding(source: str, target: str, glossary) -> None:
    assert check_entry(source, target, glossary=glossary) == []


def test_length_ratio_band_covers_the_reference_with_margin() -> None:
    ratios = [len(t) / len(s) for s, t in ARTICLE if len(s) >= 20 and "://" not in s]
    assert LENGTH_RATIO_LOW < min(ratios) / 1.5
    assert max(ratios) * 1.5 < LENGTH_RATIO_HIGH


def test_translated_sample_catalog_passes_qa_and_msgfmt(tmp_path: Path, glossary) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for source, target in ARTICLE + ARABIC_SCRIPT:
        flags = ["python-format"] if source in PYTHON_FORMAT else []
        po.append(polib.POEntry(msgid=source, msgstr=target, flags=flags))
    path = tmp_path / "clean.po"
    po.save(str(path))
    assert check_catalog(path, glossary) == []
    judge = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert judge.returncode == 0, judge.stderr
