"""What the generated-input tests ran, printed at the end of the pytest run by conftest.py,
so that a CI log shows how much the schema fuzzing and the importer properties covered."""

from __future__ import annotations

# One line per test family, keyed by its name (for example "schemathesis").
COUNTS: dict[str, str] = {}
