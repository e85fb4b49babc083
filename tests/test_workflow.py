"""The contributor workflow files: the GitHub Actions workflow and the pre-commit configuration."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from kb.cli import parse_args

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "kb-pr.yml"
CI_SCRIPT = REPO / ".ci" / "run"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _commands(step: dict) -> list[str]:
    return [line.strip() for line in step.get("run", "").splitlines() if line.strip()]


def test_runs_on_pull_requests(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "pull_request" in triggers
    assert workflow["permissions"]["pull-requests"] == "write"


def test_runs_the_ci_script_that_ci_runs(workflow: dict) -> None:
    assert CI_SCRIPT.is_file(), ".ci/run is missing"
    script = CI_SCRIPT.read_text(encoding="utf-8")
    assert "dev.py test" in script or "pytest" in script
    ci_steps = [s for s in _steps(workflow) if "bash .ci/run" in _commands(s)]
    assert len(ci_steps) == 1
    assert ci_steps[0]["working-directory"] == "main"
    checkouts = [
        s["with"]["path"] for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts == ["main", "shared"], "the script expects the shared sources at ../shared"


def test_python_matches_the_project(workflow: dict) -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    setup = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/setup-python@"))
    version = setup["with"]["python-version"]
    assert f'requires-python = ">={version}"' in pyproject


def test_diff_step_is_a_valid_porekb_command(workflow: dict) -> None:
    lines = [c for s in _steps(workflow) for c in _commands(s) if "porekb diff" in c]
    assert len(lines) == 1
    argv = shlex.split(lines[0].replace("${{ github.base_ref }}", "main"))
    assert argv[0] == ".venv/bin/porekb"
    args = parse_args(argv[1:])
    assert (args.command, args.base, args.head) == ("diff", "origin/main", "HEAD")
    assert str(args.sources) == "../shared/seeds" and args.format == "markdown"


def test_diff_is_posted_as_a_comment(workflow: dict) -> None:
    post = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/github-script@"))
    script = post["with"]["script"]
    assert 'readFileSync("kb-diff.md"' in script and "createComment" in script and "updateComment" in script
    from kb.diff.markdown import MARKER

    assert MARKER in script


def test_pre_commit_runs_ruff_and_validate() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "porekb-validate"} <= set(hooks)
    argv = shlex.split(hooks["porekb-validate"]["entry"])
    assert argv[0] == ".venv/bin/porekb"
    assert parse_args(argv[1:]).command == "validate"


def _load(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))


def test_ci_runs_on_pushes_to_main_too(workflow: dict) -> None:
    for wf in (workflow, _load("tests.yml")):
        assert _triggers(wf)["push"]["branches"] == ["main"]
        assert "pull_request" in _triggers(wf)
    diff_steps = [
        s
        for s in _steps(workflow)
        if "porekb diff" in s.get("run", "") or "github-script" in s.get("uses", "")
    ]
    assert diff_steps and all("github.event_name == 'pull_request'" in s["if"] for s in diff_steps)


def test_fast_tests_run_on_every_supported_python_with_a_pip_cache() -> None:
    wf = _load("tests.yml")
    job = wf["jobs"]["fast-tests"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "main/requirements-lock.txt"
    commands = [c for s in job["steps"] for c in _commands(s)]
    assert "python3 dev.py setup" in commands  # installs from the lock
    assert any(c.startswith(".venv/bin/python -m pytest") and "not browser" in c for c in commands)


def test_release_workflow_builds_the_release_files_on_a_tag() -> None:
    wf = _load("release.yml")
    assert _triggers(wf)["push"]["tags"] == ["v*"]
    assert wf["permissions"]["contents"] == "write"
    commands = [c for s in _steps(wf) for c in _commands(s)]
    porekb = [shlex.split(c) for c in commands if c.startswith(".venv/bin/porekb ")]
    parsed = {parse_args(argv[1:]).command for argv in porekb if argv[1] != "--version"}
    assert {"validate", "release", "docs"} <= parsed
    from kb.release import FILES

    upload = " ".join(c for c in commands if "gh release create" in c or c.startswith("dist/"))
    for name in FILES:
        assert f"dist/release/{name}" in upload
