"""The stable, reviewable part of a parsed letter, as stored in <letter>.expected.json."""

from __future__ import annotations

from typing import Any

from mtus_check.letters import ParsedLetter


def summarize(letter: ParsedLetter) -> dict[str, Any]:
    data = letter.model_dump(mode="json", exclude={"source", "summary", "text_chars", "letter_id"})
    for item in data["items"]:
        item.pop("rationale")
        item["request"] = {k: v for k, v in (item["request"] or {}).items() if v is not None and k != "id"}
        item["facts"] = {k: f["value"] for k, f in item["facts"].items()}
        item["reviewer_findings"] = {k: f["value"] for k, f in item["reviewer_findings"].items()}
        for key in ("claims_administrator_guideline", "maximus_guideline"):
            item[key] = [{k: v for k, v in ref.items() if k != "text" and v} for ref in item[key]]
    return data
