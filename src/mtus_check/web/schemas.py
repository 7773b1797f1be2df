"""Response models of the HTTP API: the library's pydantic models, with what the CLI adds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter

from mtus_check.letters.models import ParsedLetter
from mtus_check.models.request import Request
from mtus_check.models.verdict import Citation, PackInfo, Verdict
from mtus_check.rules.loader import LoadedRule
from mtus_check.rules.schema import Rule
from mtus_check.web.errors import ErrorDetail


class PrecheckOut(Verdict):
    """One line of `precheck --json`: the verdict with where the request came from."""

    source: str = Field(description="Where the request was in the body: request, or request[i] in a list.")


class PrecheckFailed(BaseModel):
    """A request that could not be checked (a list goes on past it), as `precheck --json` prints it."""

    source: str
    verdict: None = None
    error: str = Field(description="What is wrong and, after 'Fix:', how to fix it.")
    problems: list[ErrorDetail] = Field(default_factory=list)


class ExtractOut(ParsedLetter):
    """The `extract --json` object: a letter read, with the tool and rule pack it was read with."""

    tool_version: str
    rule_pack: PackInfo


class PackProblem(BaseModel):
    """A problem in the newest edit of the rule files (the server keeps the last good pack)."""

    code: str
    message: str
    fix: str = ""
    location: str = Field(description="File in the pack (relative to the pack folder), line and column.")


class Health(BaseModel):
    """What the server runs: tool version and the rule pack it checks with."""

    status: str = Field(description="ok, or degraded when the newest rule edit failed to load.")
    tool_version: str
    rule_pack: PackInfo
    reloads: int = Field(description="Times the rule pack was (re)loaded since start.")
    pack_problems: list[PackProblem] = Field(default_factory=list)


class RuleSummary(BaseModel):
    """One rule version as `rules list --json` gives it."""

    rule: str
    title: str
    applies_to: dict[str, Any]
    citation: Citation
    confidence: str
    source: str = Field(description="File in the pack (relative to the pack folder), line and column.")


class RuleVersion(BaseModel):
    """One version of a rule: its definition as written and its citation."""

    definition: Rule
    citation: Citation
    source: str


class RuleDetail(BaseModel):
    rule: str
    versions: list[RuleVersion]


def relative(location: object, root: Path) -> str:
    """A pack location shown to clients without the server's folders."""
    text = str(location)
    prefix = str(root).rstrip("/") + "/"
    return text[len(prefix) :] if text.startswith(prefix) else Path(text).name


def rule_summary(loaded: LoadedRule, root: Path) -> RuleSummary:
    return RuleSummary(
        rule=loaded.id,
        title=loaded.rule.title,
        applies_to=dict(loaded.rule.applies_to.items()),
        citation=loaded.citation,
        confidence=loaded.rule.confidence,
        source=relative(loaded.location, root),
    )


# A request in its own words (a request file's `text`) or a clinical note's text, with any request
# field beside it winning over what was read; the fields are checked as a Request's are.
_IN_WORDS: dict[str, Any] = {
    "title": "RequestInWords",
    "type": "object",
    "description": "A request in its own words (text) or a clinical note (note, one result per treatment it "
    "requests), with any field of a Request beside it; a field given wins over what was read.",
    "properties": {
        "text": {"type": "string", "minLength": 1, "description": "e.g. 'Acupuncture 2x/week x 3 weeks, lumbar'"},
        "note": {"type": "string", "minLength": 1, "description": "An RFA or PR-2 report's text"},
    },
    "oneOf": [{"required": ["text"]}, {"required": ["note"]}],
}


def precheck_body_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The body of POST /v1/precheck (a request, one in words, or a list of them) and the component
    schemas it refers to."""
    request = TypeAdapter(Request).json_schema(ref_template="#/components/schemas/{model}")
    defs = request.pop("$defs", {}) | {"Request": request, "RequestInWords": _IN_WORDS}
    one = [{"$ref": "#/components/schemas/Request"}, {"$ref": "#/components/schemas/RequestInWords"}]
    return {"anyOf": [*one, {"type": "array", "items": {"anyOf": one}}]}, defs
