"""Issue 12, item 7 (fuzzing): generated profiles, JSON and Turtle, valid and broken, through the real entry
points (the file reader, the recommender, and the CLI's ``main``). Only PoreKB's own errors may come out (exit 1
refused input, 2 unreadable input), never another exception or a traceback. ``pytest -m nightly`` runs 10x."""

from __future__ import annotations

import io
import json
import tempfile
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb import cli
from kb.errors import PoreKBError
from kb.knowledge_base import KnowledgeBase
from kb.profile import profile_codes, read_profile_file
from kb.recommend import recommend
from tests.fuzzing import SCALES, assert_reached, fuzz_settings

CODES = {  # a fixed copy of the KB's codes keeps the strategies independent of fixtures
    "sex": ["female", "male"],
    "skin_type": ["oily", "dry", "combination", "normal"],
    "findings": ["enlarged-pores", "oily-skin", "acne", "loss-of-elasticity", "clogged-pores", "sun-damage"],
    "history": ["hot-climate", "smoking", "sun-exposure", "family-history", "puberty"],
    "avoid": ["needles", "lasers", "prescription", "injections", "downtime"],
}
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


def code_or_junk(field: str) -> st.SearchStrategy[object]:
    return st.one_of(st.sampled_from(CODES[field]), st.text(max_size=10), st.integers(), st.none())


PROFILE = st.fixed_dictionaries(
    {},
    optional={
        "age": st.one_of(st.integers(min_value=0, max_value=110), SCALAR),
        "sex": code_or_junk("sex"),
        "skin_type": code_or_junk("skin_type"),
        "pregnant": st.one_of(st.booleans(), SCALAR),
        "findings": st.one_of(st.lists(code_or_junk("findings"), max_size=6), SCALAR),
        "history": st.one_of(st.lists(code_or_junk("history"), max_size=4), SCALAR),
        "avoid": st.one_of(st.lists(code_or_junk("avoid"), max_size=4), SCALAR),
        "max_downtime_days": st.one_of(st.integers(min_value=0, max_value=30), SCALAR),
        "extra": SCALAR,
    },
)


VALID_PROFILE = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=0, max_value=110),
        "sex": st.sampled_from(CODES["sex"]),
        "skin_type": st.sampled_from(CODES["skin_type"]),
        "findings": st.lists(st.sampled_from(CODES["findings"]), min_size=1, max_size=4),
    },
    optional={
        "history": st.lists(st.sampled_from(CODES["history"]), max_size=3),
        "avoid": st.lists(st.sampled_from(CODES["avoid"]), max_size=3),
        "max_downtime_days": st.integers(min_value=0, max_value=30),
        "pregnant": st.booleans(),
    },
)


def corrupt(data: st.DataObject, text: str) -> bytes:
    """Sometimes the text as it is; sometimes cut, spliced with junk, or re-encoded."""
    raw = text.encode("utf-8")
    how = data.draw(st.sampled_from(["keep", "keep", "cut", "splice", "latin-1", "bytes"]))
    if how == "cut" and raw:
        return raw[: data.draw(st.integers(min_value=0, max_value=len(raw) - 1))]
    if how == "splice":
        at = data.draw(st.integers(min_value=0, max_value=len(raw)))
        return raw[:at] + data.draw(st.binary(max_size=8)) + raw[at:]
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "bytes":
        return data.draw(st.binary(max_size=64))
    return raw


def valid_turtle(profile: dict) -> str:
    """A profile of VALID_PROFILE written as Turtle."""
    findings = ", ".join(f"pkb:finding-{f}" for f in profile["findings"])
    return (
        "@prefix pkb: <https://w3id.org/porekb/> .\n"
        f"<urn:p> a pkb:PatientProfile ; pkb:age {profile['age']} ; pkb:sex pkb:sex-{profile['sex']} ;\n"
        f"    pkb:skinType pkb:skin-{profile['skin_type']} ; pkb:hasFinding {findings} .\n"
    )


def turtle_text(data: st.DataObject) -> str:
    if data.draw(st.booleans()):
        return valid_turtle(data.draw(VALID_PROFILE))
    objects = st.one_of(
        st.sampled_from([f"pkb:{k}-{v}" for k, vs in [("sex", ["female", "male"])] for v in vs]),
        st.sampled_from([f"pkb:finding-{v}" for v in CODES["findings"]] + ["pkb:skin-oily", "pkb:skin-dry"]),
        st.integers(min_value=-5, max_value=200).map(str),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8).map(json.dumps),
        st.just("<urn:x>"),
        st.just("[]"),
    )
    predicates = st.sampled_from(
        [
            "pkb:age",
            "pkb:sex",
            "pkb:skinType",
            "pkb:hasFinding",
            "pkb:hasHistory",
            "pkb:avoids",
            "pkb:maxDowntimeDays",
            "pkb:pregnancyStatus",
            "pkb:nope",
            "a",
        ]
    )
    pairs = data.draw(st.lists(st.tuples(predicates, objects), max_size=8))
    body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
    head = data.draw(
        st.sampled_from(
            [
                "@prefix pkb: <https://w3id.org/porekb/> .",
                "PREFIX pkb: <https://w3id.org/porekb/>",
                "# a comment\n@prefix pkb: <https://w3id.org/porekb/> .",
                "",
            ]
        )
    )
    nodes = data.draw(st.sampled_from([1, 1, 1, 0, 2]))
    blocks = [
        f"<urn:p{i}> a pkb:PatientProfile" + (f" ;\n    {body}" if body else "") + " ." for i in range(nodes)
    ]
    return head + "\n" + "\n".join(blocks) + "\n"


def through_the_engine(kb: KnowledgeBase, raw: bytes, suffix: str, seen: dict[str, int]) -> None:
    """Read the bytes as a profile file and recommend; count what happened in ``seen``."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
        fh.write(raw)
        fh.flush()
        try:
            recommend(read_profile_file(fh.name), kb=kb)
            seen["recommended"] += 1
        except PoreKBError as exc:
            assert exc.exit_code in (1, 2)
            assert str(exc).strip()
            seen[f"exit {exc.exit_code}"] += 1


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_json_profiles(real_kb: KnowledgeBase, scale: int) -> None:
    real = {field: {n for n, _ in codes} for field, codes in profile_codes(real_kb).items()}
    for field, codes in CODES.items():  # the strategies draw real codes (and junk) for real fields
        assert set(codes) <= real[field], field

    seen: Counter[str] = Counter()

    @fuzz_settings(scale, 400)
    @given(data=st.data(), profile=st.one_of(PROFILE, VALID_PROFILE))
    def check(data: st.DataObject, profile: dict) -> None:
        text = json.dumps(profile, allow_nan=True)
        through_the_engine(real_kb, corrupt(data, text), ".json", seen)

    check()
    assert_reached(seen, "recommended", "exit 1", "exit 2")


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_turtle_profiles(real_kb: KnowledgeBase, scale: int) -> None:
    seen: Counter[str] = Counter()

    @fuzz_settings(scale, 200)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        through_the_engine(real_kb, corrupt(data, turtle_text(data)), ".ttl", seen)

    check()
    assert_reached(seen, "recommended", "exit 1")


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_cli_main_exit_codes(scale: int, tmp_path: Path) -> None:
    """The CLI's own ``main`` (which loads the KB each time, so fewer examples): documented codes only."""

    @fuzz_settings(scale, 15)
    @given(data=st.data(), profile=PROFILE, turtle=st.booleans())
    def check(data: st.DataObject, profile: dict, turtle: bool) -> None:
        text = turtle_text(data) if turtle else json.dumps(profile, allow_nan=True)
        path = tmp_path / ("p.ttl" if turtle else "p.json")
        path.write_bytes(corrupt(data, text))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(["recommend", str(path), "--format", "json"])
        assert code in (0, 1, 2), err.getvalue()
        assert "Traceback" not in err.getvalue()
        if code == 0:
            assert "recommended" in json.loads(out.getvalue())
        else:
            assert err.getvalue().startswith("porekb recommend: error: ")

    check()
