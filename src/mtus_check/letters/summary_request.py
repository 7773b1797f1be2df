"""The size of a request as the case summary tells it, where the request line leaves it out: a
line asking for "6 additional physical therapy visits" and a summary whose provider "requests PT
2x3" ask for the same six visits, two a week for three weeks; "a refill of cyclobenzaprine 7.5 mg
TID #90" says how long the ninety tablets last.

Only a sentence that asks for the service (a request, a plan, a recommendation, a refill) tells
it, only the words from the service's name to the next service named, and only when the count it
gives is the request line's own: another count is another request (a modification, an earlier
course), and says nothing of this one.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtus_check.letters.models import Evidence, ExtractedFact
from mtus_check.letters.request_text import read_size
from mtus_check.letters.sentences import Sentence, states_record
from mtus_check.rules.vocabulary import Section
from mtus_check.text import lowercase, pattern

# the fields a summary's request may add to the line's: how often and how long
FIELDS = ("frequency_per_week", "duration_weeks")
_ASKS = pattern(
    r"\b(?:request\w*|RFA|recommend\w*|plan(?:s|ned)?|refill\w*|asks?\s+for|asking\s+for|would\s+like|propos\w*)\b"
)


def summary_size(
    sents: Iterable[Sentence],
    service: str,
    quantity: int | None,
    drug: str | None,
    services: Section,
    regions: Section,
    region: str | None = None,
) -> dict[str, ExtractedFact]:
    """The frequency and duration the summary's request for `service` (of `drug`, for a drug)
    gives, when its count is `quantity`, the request line's, and it names no body region but
    `region` (`regions`: the vocabulary's); empty when none does."""
    if quantity is None:
        return {}
    for sentence in sents:
        text = sentence.written
        if sentence.section != "summary" or not _ASKS.search(lowercase(text)) or not states_record(sentence):
            continue
        named = services.matches(text)
        for i, (key, start, end) in enumerate(named):
            if key != service or (drug is not None and lowercase(text[start:end]) != lowercase(drug)):
                continue
            stop = next((s for _, s, _ in named[i + 1 :] if s >= end), len(text))
            size = read_size(text[start:stop])
            named_regions = {k for k, _, _ in regions.matches(text[start:stop])}
            if size.quantity != quantity or (named_regions and region not in named_regions):
                continue  # another request: another count, or therapy for another body region
            quote = text[start:stop].strip()
            where = Evidence(
                section="summary",
                quote=" ".join(quote.split()),
                start=sentence.start + start,
                end=sentence.start + start + len(quote),
            )
            found = {n: ExtractedFact(value=v, evidence=where) for n in FIELDS if (v := getattr(size, n)) is not None}
            if found:
                return found
    return {}
