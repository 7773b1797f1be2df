"""durable-rules and the plain-Python reference read the same YAML and must agree."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtus_check.engine import Engine, build_fact
from mtus_check.models.request import Course, Request

SERVICES = [
    "massage",
    "acupuncture",
    "physical therapy",
    "chiropractic",
    "tens",
    "surgery",
    "cold therapy unit",
    "medical clearance",
    "shoulder sling",
    "compound cream",
]
REGIONS = ["low back", "neck", "knee", "shoulder", "wrist"]
SURGERIES = ["rotator cuff repair", "carpal tunnel release", "ankle ORIF", "total knee replacement"]
DIAGNOSES = ["myalgia", "sciatica", "CRPS", "lumbar strain", "M79.1"]
INGREDIENTS = ["baclofen", "gabapentin", "lidocaine cream", "Lidoderm patch", "menthol", "hyaluronic acid"]


def maybe(strategy):
    return st.none() | strategy


requests = st.builds(
    Request,
    service=st.sampled_from(SERVICES),
    quantity=maybe(st.integers(1, 40)),
    frequency_per_week=maybe(st.sampled_from([0.5, 1, 2, 2.5, 3, 4, 5])),
    duration_weeks=maybe(st.sampled_from([1, 2, 3, 4, 6, 8, 9, 16, 20])),
    body_region=maybe(st.sampled_from(REGIONS)),
    diagnoses=maybe(st.lists(st.sampled_from(DIAGNOSES), min_size=1, max_size=2)),
    ingredients=maybe(st.lists(st.sampled_from(INGREDIENTS), max_size=3)),
    prior_sessions=maybe(st.integers(0, 30)),
    course=maybe(st.sampled_from(list(Course))),
    functional_improvement=maybe(st.booleans()),
    adjunct_exercise=maybe(st.booleans()),
    return_to_work=maybe(st.booleans()),
    postsurgical=maybe(st.booleans()),
    perioperative=maybe(st.booleans()),
    surgery_certified=maybe(st.booleans()),
    imaging_lesion=maybe(st.booleans()),
    red_flags=maybe(st.booleans()),
    failed_conservative_care=maybe(st.booleans()),
    surgery=maybe(st.sampled_from(SURGERIES)),
    surgery_date=maybe(st.sampled_from([dt.date(2016, 1, 4), dt.date(2016, 6, 1)])),
    date_of_service=maybe(st.sampled_from([dt.date(2016, 3, 1), dt.date(2016, 9, 1)])),
)


@settings(
    max_examples=1500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(request=requests)
def test_durable_and_reference_fire_the_same(engine: Engine, reference: Engine, request: Request) -> None:
    fact = build_fact(request, engine.pack.vocabulary, engine.pack.fields).values
    assert sorted(engine.backend.fired(fact)) == sorted(reference.backend.fired(fact))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(request=requests)
def test_verdicts_agree_and_are_deterministic(engine: Engine, reference: Engine, request: Request) -> None:
    first = engine.check(request).model_dump_json()
    assert engine.check(request).model_dump_json() == first
    assert reference.check(request).model_dump_json() == first
