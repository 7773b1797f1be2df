"""JSON Schemas of the rule-pack files, generated from the same pydantic models the loader uses,
so that an editor's checks and `rules validate` never disagree."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mtus_check.rules.factspec import ContextFile, FactSpec, PhrasingCaseFile, SourcesFile
from mtus_check.rules.schema import CaseFile, PackFile, RuleFile, VocabularyFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "rule-file": RuleFile,
    "vocabulary": VocabularyFile,
    "cases": CaseFile,
    "pack": PackFile,
    "fact-spec": FactSpec,
    "fact-context": ContextFile,
    "fact-cases": PhrasingCaseFile,
    "fact-sources": SourcesFile,
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file (rule-file, vocabulary, cases, pack)."""
    out = SCHEMAS[name].model_json_schema(by_alias=True)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = f"mtus-check {name}"
    return out


def schema_text(name: str) -> str:
    """The schema as stable, committed JSON text."""
    return json.dumps(schema(name), indent=2, sort_keys=True) + "\n"
