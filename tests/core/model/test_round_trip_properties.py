"""Property tests: the OB 3.0 mapping round-trips any achievement, profile and identity hash."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from credstack.core import ob3
from credstack.core.model import (
    Achievement,
    Address,
    Alignment,
    Assessment,
    CredentialReference,
    CreditSystem,
    Criteria,
    FieldOfStudy,
    IdentityObject,
    Issuer,
    IssuerKind,
    LearningOutcome,
    NqfLevel,
    ParticipationForm,
    Stackability,
    SupervisionVerification,
    Workload,
)

# Text the model requires is never blank; empty Workload / FieldOfStudy objects mean "absent".
text = st.text(min_size=1, max_size=20).filter(str.strip)
maybe_text = st.none() | text
urls = st.integers(0, 10**6).map(lambda n: f"https://example.org/r/{n}")
amounts = st.none() | st.floats(0.5, 400, allow_nan=False).map(lambda x: round(x, 2))
SKILLS = [
    Alignment.esco_skill(f"http://data.europa.eu/esco/skill/s{n}", f"skill {n}") for n in range(4)
]
OTHERS = [Alignment(f"node {n}", f"https://framework.example/{n}", str(n)) for n in range(3)]

issuers = st.builds(
    Issuer,
    id=urls,
    name=maybe_text,
    url=st.none() | urls,
    email=maybe_text,
    description=maybe_text,
    address=st.none()
    | st.builds(Address, country_code=st.sampled_from(["NL", "NZ"]), region=maybe_text),
    kind=st.none() | st.sampled_from(IssuerKind),
)

achievements = st.builds(
    Achievement,
    id=urls,
    name=text,
    description=st.text(max_size=30),
    criteria=st.builds(Criteria, narrative=maybe_text, id=st.none() | urls),
    learning_outcomes=st.lists(
        st.builds(
            LearningOutcome,
            text=text,
            skills=st.lists(st.sampled_from(SKILLS), unique=True).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    workload=st.none()
    | st.builds(
        Workload, credits=amounts, system=st.none() | st.sampled_from(CreditSystem), hours=amounts
    ).filter(lambda w: w != Workload()),
    eqf_level=st.none() | st.integers(1, 8),
    nqf_level=st.none() | st.builds(NqfLevel, level=st.integers(1, 12), framework=text),
    field_of_study=st.none()
    | st.builds(FieldOfStudy, isced_f=st.none() | st.just("0613"), label=maybe_text).filter(
        lambda f: f != FieldOfStudy()
    ),
    assessment=st.none()
    | st.builds(Assessment, description=text, summative=st.none() | st.booleans()),
    supervision=st.none() | st.sampled_from(SupervisionVerification),
    participation=st.none() | st.sampled_from(ParticipationForm),
    quality_assurance=maybe_text,
    prerequisites=maybe_text,
    grading_scheme=maybe_text,
    stackability=st.none() | st.sampled_from(Stackability),
    stackable_towards=st.lists(
        st.builds(CredentialReference, name=text, url=st.none() | urls), max_size=2
    ).map(tuple),
    languages=st.lists(st.sampled_from(["en", "nl", "mi", "de-AT"]), max_size=3).map(tuple),
    further_information=st.none() | urls,
    version=maybe_text,
    tags=st.lists(text, max_size=3).map(tuple),
    alignments=st.lists(st.sampled_from(OTHERS), unique=True).map(tuple),
    creator=st.none() | issuers,
)


@given(achievements)
def test_any_achievement_round_trips_through_json(achievement: Achievement) -> None:
    data = json.loads(json.dumps(ob3.to_achievement_json(achievement)))
    assert ob3.parse_achievement(data) == achievement


@given(issuers)
def test_any_issuer_round_trips_through_json(issuer: Issuer) -> None:
    assert ob3.parse_profile(json.loads(json.dumps(ob3.to_profile_json(issuer)))) == issuer


@given(st.text(), st.text())
def test_a_hashed_identity_matches_exactly_its_value(value: str, salt: str) -> None:
    identity = IdentityObject.hashed_value(value, salt)
    assert identity.matches(value)
    assert not identity.matches(value + "x")
