"""What several benchmarks share. Imported as ``_common``: a benchmark runs as a script, so its
own folder is on ``sys.path``."""

from __future__ import annotations

#: The header fields ``msgfmt -c`` wants in an English catalog (language, charset, plurals).
ENGLISH_HEADER = {
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
