"""``credstack achievement check``: definitions against policy profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import Run
from tests.factories import EXAMPLES

EU_EXAMPLE = str(EXAMPLES / "achievement.yaml")
NZ_EXAMPLE = str(EXAMPLES / "achievement-nzqa.yaml")


@pytest.mark.parametrize(
    ("definition", "profiles"),
    [
        (EU_EXAMPLE, ["eu-annex1"]),
        (EU_EXAMPLE, ["emc-cmf"]),
        (EU_EXAMPLE, ["eu-annex1", "emc-cmf"]),
        (NZ_EXAMPLE, ["nzqa"]),
    ],
)
def test_the_examples_conform(run: Run, definition: str, profiles: list[str]) -> None:
    args = [a for p in profiles for a in ("--profile", p)]
    result = run("achievement", "check", definition, *args)
    assert result.exit_code == 0, result.output
    assert result.output.count(" conforms to ") == len(profiles)
    assert "does not conform" not in result.output


def test_the_default_profile_is_the_eu_annex(run: Run) -> None:
    result = run("achievement", "check", EU_EXAMPLE)
    assert result.exit_code == 0
    assert result.output == "'Data Analysis with Python' conforms to eu-annex1\n"


def _ten_ects(tmp_path: Path) -> str:
    data = yaml.safe_load(Path(EU_EXAMPLE).read_text(encoding="utf-8"))
    data["workload"] = {"credits": 10, "system": "ECTS", "hours": 250}
    path = tmp_path / "ten-ects.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_a_definition_that_breaks_a_profile_names_the_failing_elements(
    run: Run, tmp_path: Path
) -> None:
    result = run("achievement", "check", _ten_ects(tmp_path), "--profile", "emc-cmf")
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert "error workload.credits: CMF: 4 to 6 ECTS credits" in result.output
    assert "error workload.hours: CMF: 100 to 150 hours" in result.output


def test_one_failing_profile_fails_the_check(run: Run, tmp_path: Path) -> None:
    result = run(
        "achievement",
        "check",
        _ten_ects(tmp_path),
        "--profile",
        "eu-annex1",
        "--profile",
        "emc-cmf",
    )
    assert result.exit_code == 1
    assert " conforms to " in result.output  # eu-annex1 says nothing about size
    assert "does not conform" in result.output


def test_a_minimal_definition_misses_the_annex_elements(run: Run) -> None:
    result = run("achievement", "check", str(EXAMPLES / "achievement-minimal.json"))
    assert result.exit_code == 1
    assert result.output.startswith("'Introduction to Git' does not conform to eu-annex1\n")
    for element in ("issuer.country", "learning_outcomes", "workload", "level.eqf"):
        assert f"error {element}: Annex I" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("title: [unclosed", "is not valid YAML"),
        ("- a list\n- of things\n", "an achievement definition is a mapping of fields"),
        ("title: T\ndescription: D\ncriteria: C\ntitel: typo\n", "titel"),
    ],
    ids=["missing", "invalid-yaml", "not-a-mapping", "unknown-field"],
)
def test_an_unusable_definition(
    run: Run, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "definition.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("achievement", "check", str(path))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_unknown_profile(run: Run) -> None:
    result = run("achievement", "check", EU_EXAMPLE, "--profile", "eu-annex2")
    assert result.exit_code == 2
    assert "unknown profile 'eu-annex2'; bundled: emc-cmf, eu-annex1, nzqa" in result.output


def test_an_institutions_own_profile_file(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "my-uni.yaml"
    profile.write_text(
        yaml.safe_dump(
            {
                "name": "my-uni",
                "title": "My University",
                "rules": [
                    {"id": "hours", "kind": "range", "element": "workload.hours", "min": 100},
                    {"id": "level", "kind": "required", "element": "level.eqf"},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert run("achievement", "check", EU_EXAMPLE, "--profile", str(profile)).exit_code == 0
    result = run("achievement", "check", NZ_EXAMPLE, "--profile", str(profile))
    assert result.exit_code == 1
    assert "error level.eqf:" in result.output


def test_a_broken_profile_file(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "broken.json"
    profile.write_text('{"name": "broken", "rules": [{"kind": "range"}]}', encoding="utf-8")
    result = run("achievement", "check", EU_EXAMPLE, "--profile", str(profile))
    assert result.exit_code == 2
    assert "INVALID_POLICY_PROFILE" in result.output


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("title",), "T" * 257, "FIELD_TOO_LONG: title: at most 256 characters, not 257"),
        (("id",), "relative/id", "NOT_ABSOLUTE_URI: id: an absolute URI"),
        (("issuer", "country"), "UK", "INVALID_COUNTRY_CODE: issuer.country: 'UK' is not"),
    ],
)
def test_a_definition_beyond_the_rules_is_unusable_with_its_code(
    run: Run, tmp_path: Path, path: tuple[str, ...], value: str, message: str
) -> None:
    data = yaml.safe_load(Path(EU_EXAMPLE).read_text(encoding="utf-8"))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    definition = tmp_path / "definition.yaml"
    definition.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("achievement", "check", str(definition))
    assert result.exit_code == 2
    assert message in result.output
