"""The contributor workflow files: the GitHub Actions workflow and the pre-commit configuration."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from kb.cli import build_parser

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
    args = build_parser().parse_args(argv[1:])
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
    assert build_parser().parse_args(argv[1:]).command == "validate"
