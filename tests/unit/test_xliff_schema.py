"""The judge of the XLIFF exports: OASIS's own schemas, kept under tests/data/xliff-schemas.
It must accept valid documents and refuse what the schemas forbid, offline."""

from __future__ import annotations

from tests.support.xliff_rules import xliff_1_2_problems, xliff_2_1_problems
from tests.support.xliff_schema import schema_errors

V12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
 <file original="a.po" source-language="ar" target-language="en" datatype="po">
  <body>
   <trans-unit id="1" xml:space="preserve">
    <source>وزير <g id="0">الأمن</g></source>
    <target state="{state}">Minister of <g id="0">Security</g></target>
   </trans-unit>
  </body>
 </file>
</xliff>"""

V21 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment state="{state}">{source}<target>Minister</target></segment>
  </unit>
 </file>
</xliff>"""


def test_valid_documents_pass_both_schemas() -> None:
    assert schema_errors(V12.format(state="translated").encode(), "1.2") == []
    assert schema_errors(V21.format(state="final", source="<source>وزير</source>").encode(),
                         "2.1") == []


def test_the_1_2_schema_refuses_an_unknown_state_and_a_misplaced_element() -> None:
    errors = schema_errors(V12.format(state="approved-ish").encode(), "1.2")
    assert errors and "state" in errors[0] and errors[0].startswith("line 7:")
    misplaced = V12.format(state="new").replace("<body>", "<body><note>n</note>")
    assert any("note" in error for error in schema_errors(misplaced.encode(), "1.2"))
    assert xliff_1_2_problems(misplaced.encode())  # the rules' function runs the schema


def test_the_2_1_schema_refuses_a_segment_without_source_and_a_bad_state() -> None:
    assert schema_errors(V21.format(state="final", source="").encode(), "2.1")
    bad_state = V21.format(state="approved", source="<source>وزير</source>").encode()
    assert any("state" in error for error in schema_errors(bad_state, "2.1"))
    assert xliff_2_1_problems(bad_state)
