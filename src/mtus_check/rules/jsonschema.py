"""JSON Schemas of the rule-pack files, generated from the same pydantic models the loader uses,
so that an editor's checks and `rules validate` never disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mtus_check.models.request import TEXT, Request
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.rules.factspec import ContextFile, FactSpec, MeasuresFile, PhrasingCaseFile, SourcesFile, WordsFile
from mtus_check.rules.request_facts import request_facts
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
    "fact-words": WordsFile,
    "fact-measures": MeasuresFile,
}


# the request file: its own fields (models/) and the facts the pack declares (rules/facts/)
REQUEST = "request"
KINDS = (*SCHEMAS, REQUEST)


def request_schema(facts: FactSpecs) -> dict[str, Any]:
    """A request's JSON Schema: the Request model's own fields, then one property per fact of the
    pack's specs, typed and bounded as the specs say; any other key is an error."""
    out = Request.model_json_schema(by_alias=True)
    declared = request_facts(facts).model.model_json_schema(by_alias=True)
    out["properties"] = {**out["properties"], **declared["properties"], TEXT: _TEXT}
    out["additionalProperties"] = False
    # a request names its service, or says it in words (requests_io reads `text` into the fields)
    out["anyOf"] = [{"required": [name]} for name in out.pop("required", [])] + [{"required": [TEXT]}]
    out["description"] = (
        "A treatment request for `mtus-check precheck`: its fields, or the request in its own words (`text`) "
        "with any field beside it winning over what the text says. Facts about the patient come from the rule "
        "pack's fact specs (rules/facts/NAME.yaml); an unstated fact is unknown, never false."
    )
    return out


_TEXT = {
    "type": "string",
    "minLength": 1,
    "title": "Text",
    "description": "The request in its own words, e.g. 'Acupuncture 2x/week x 3 weeks, lumbar', read as `precheck "
    "--text` reads it (service, quantity, frequency, duration, body region, side, drug, strength); the other "
    "fields given with it win over what it says.",
}


def schema(name: str, pack_root: Path | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of file (rule-file, vocabulary, cases, pack, ..., request); the
    request's facts are those of the pack at `pack_root` (default: the bundled pack)."""
    if name == REQUEST:
        from mtus_check.rules.loader import load_pack  # the loader needs this module's siblings first

        out = request_schema(load_pack(pack_root).facts)
    else:
        out = SCHEMAS[name].model_json_schema(by_alias=True)
    if name == "cases":
        case = out["$defs"]["Case"]["properties"]
        # a rule case states its request as fields: the case tests the rules, not the reading of words
        case["request"] = {
            "allOf": [{"$ref": f"{REQUEST}.schema.json"}, {"not": {"required": [TEXT]}}],
            "description": "The request to check, as fields (no `text`: a rule case tests the rules, not the reading)",
        }
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = f"mtus-check {name}"
    return out


def schema_text(name: str, pack_root: Path | None = None) -> str:
    """The schema as stable, committed JSON text."""
    return json.dumps(schema(name, pack_root), indent=2, sort_keys=True) + "\n"
