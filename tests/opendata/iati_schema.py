"""The official IATI 2.03 activity schema, found beside the repository when it is there."""

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

REPOSITORY = Path(__file__).resolve().parents[2]
#: Where the schema is looked for: IATI_SCHEMA_DIR, else ../shared/iati-2.03 beside the repo.
SCHEMA_DIR = Path(os.environ.get("IATI_SCHEMA_DIR", REPOSITORY.parent / "shared" / "iati-2.03"))
SCHEMA_FILE = SCHEMA_DIR / "iati-activities-schema.xsd"


@cache
def _schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def assert_valid_iati(document):
    """Fail unless `document` (bytes) is valid against the schema; skip when it is absent."""
    if not SCHEMA_FILE.is_file():
        pytest.skip(f"the IATI 2.03 schema is not in {SCHEMA_DIR}")
    schema = _schema()
    tree = etree.fromstring(document)
    assert schema.validate(tree), "\n".join(str(error) for error in schema.error_log)
