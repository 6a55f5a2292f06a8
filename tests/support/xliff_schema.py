"""Validation of XLIFF documents against the OASIS schemas kept in ``tests/data/xliff-schemas``
(see its ``SOURCE.md``), with lxml. The schemas' import of ``xml.xsd`` is resolved to the local
copy: no schema is ever fetched from the network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "xliff-schemas"
_FILES = {"1.2": "xliff-core-1.2-strict.xsd", "2.1": "xliff-core-2.0.xsd"}


class _LocalSchemas(etree.Resolver):
    """Every ``xml.xsd`` a schema imports is the local copy; any other URL is refused."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        if system_url and system_url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        if system_url and Path(system_url).parent == SCHEMAS:
            return None  # the schema file itself
        raise ValueError(f"schema import outside tests/data/xliff-schemas: {system_url}")


@cache
def schema(version: str) -> etree.XMLSchema:
    """The OASIS schema of XLIFF ``version`` ("1.2" or "2.1")."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    document = etree.parse(str(SCHEMAS / _FILES[version]), parser)
    return etree.XMLSchema(document)


def schema_errors(data: bytes, version: str) -> list[str]:
    """What the OASIS schema of ``version`` says is wrong in ``data`` (empty: valid)."""
    checker = schema(version)
    if checker.validate(etree.fromstring(data)):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]
