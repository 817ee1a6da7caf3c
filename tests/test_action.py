"""The GitHub Action (action.yml), as far as a machine without GitHub can take it: its YAML is a
valid composite action, and its steps run as GitHub runs them — each `run:` step in
`bash -eo pipefail` with the environment GitHub sets (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
RUNNER_TEMP, ...), `${{ }}` expressions and `if:` conditions evaluated, step outputs passed on.
`uses:` steps (setup-python, cache, upload-artifact) are GitHub's own and are recorded, not run;
claimcheck is already installed here, so the install step runs against a recording `python`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from clirun import ROOT

ACTION = ROOT / "action.yml"
_EXPR_RE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


@dataclass
class Run:
    """One job that uses the action: what each step did."""

    outputs: dict[str, str]
    steps: dict[str, dict[str, str]]
    summary: str
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    failed: str | None = None
    exit_code: int = 0


class Context:
    """The `${{ }}` contexts a composite action reads."""

    def __init__(self, inputs: dict[str, str], github: dict[str, str], runner: dict[str, str]):
        self.inputs, self.github, self.runner = inputs, github, runner
        self.steps: dict[str, dict[str, str]] = {}
        self.failed = False

    def value(self, expr: str) -> str | bool:
        expr = expr.strip()
        if expr == "always()":
            return True
        if expr == "success()":
            return not self.failed
        for op in ("&&", "||"):
            if op in expr:
                parts = [self.value(p) for p in expr.split(op)]
                return all(parts) if op == "&&" else any(parts)
        for op in ("==", "!="):
            if op in expr:
                left, right = (self.value(p) for p in expr.split(op, 1))
                return (left == right) if op == "==" else (left != right)
        if expr.startswith("'") and expr.endswith("'"):
            return expr[1:-1]
        head, _, rest = expr.partition(".")
        if head == "inputs":
            return self.inputs[rest]
        if head in ("github", "runner"):
            return getattr(self, head)[rest]
        if head == "steps":
            step, _, output = rest.partition(".outputs.")
            return self.steps.get(step, {}).get(output, "")
        raise AssertionError(f"expression the test cannot evaluate: {expr!r}")

    def substitute(self, text: str) -> str:
        return _EXPR_RE.sub(lambda m: str(self.value(m.group(1))), text)

    def condition(self, step: dict) -> bool:
        raw = step.get("if")
        if raw is None:
            return not self.failed  # success() is the default
        value = self.value(_EXPR_RE.sub(lambda m: m.group(1), str(raw)))
        # a condition without a status function means "success() && ..."
        if "always()" not in str(raw) and self.failed:
            return False
        return bool(value)


def read_outputs(path: Path) -> dict[str, str]:
    """GITHUB_OUTPUT lines: name=value, or name<<DELIM ... DELIM."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1 : j])
            i = j + 1
            continue
        name, _, value = line.partition("=")
        out[name] = value
        i += 1
    return out


def run_action(tmp: Path, workspace: Path, **given: str) -> Run:
    tmp.mkdir(parents=True, exist_ok=True)
    action = load()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    inputs.update(given)
    temp = tmp / "runner-temp"
    temp.mkdir()
    summary = tmp / "step-summary.md"
    summary.touch()
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    # the install step's python: records the pip call and succeeds (claimcheck is installed);
    # every other use of python goes to the real one
    shim = bin_dir / "python"
    shim.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$@" >> "$PIP_LOG"; exit 0; fi\n'
        f'exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    claimcheck_bin = Path(sys.executable).parent / "claimcheck"
    ctx = Context(
        inputs,
        github={"action_path": str(ROOT), "run_id": "4242", "workspace": str(workspace)},
        runner={"temp": str(temp), "os": "Linux"},
    )
    result = Run(outputs={}, steps=ctx.steps, summary="")
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        "PATH": f"{bin_dir}{os.pathsep}{claimcheck_bin.parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_RUN_ID": "4242",
        "RUNNER_TEMP": str(temp),
        "RUNNER_OS": "Linux",
        "PIP_LOG": str(tmp / "pip.log"),
        "NO_COLOR": "1",
    }
    for n, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {n}")
        if not ctx.condition(step):
            result.skipped.append(name)
            continue
        if "uses" in step:
            result.used.append(step["uses"])
            continue
        output = tmp / f"output-{n}"
        env = {**base_env, "GITHUB_OUTPUT": str(output)}
        env.update({k: ctx.substitute(str(v)) for k, v in step.get("env", {}).items()})
        assert step["shell"] == "bash"
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", ctx.substitute(step["run"])],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        result.ran.append(name)
        if "id" in step:
            ctx.steps[step["id"]] = read_outputs(output)
        if proc.returncode != 0:
            ctx.failed = True
            result.failed, result.exit_code = name, proc.returncode
    result.outputs = {k: ctx.substitute(v["value"]) for k, v in action["outputs"].items()}
    result.summary = summary.read_text(encoding="utf-8")
    return result


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository with the quick start's claims and sources, as a checkout would have them."""
    ws = tmp_path / "workspace"
    shutil.copytree(ROOT / "examples" / "quickstart", ws / "claims")
    return ws


def test_the_action_is_a_valid_composite_action() -> None:
    action = load()
    assert action["runs"]["using"] == "composite"
    assert action["name"] and action["description"]
    ids = {s["id"] for s in action["runs"]["steps"] if "id" in s}
    for name, spec in action["inputs"].items():
        assert spec.get("description"), f"input {name} has no description"
    for name, spec in action["outputs"].items():
        assert spec.get("description"), f"output {name} has no description"
        for step in re.findall(r"steps\.([\w-]+)\.outputs", spec["value"]):
            assert step in ids, f"output {name} reads a step that does not exist: {step}"
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w/-]+@v\d+", step["uses"]), step["uses"]
        else:
            assert step.get("shell") == "bash", f"{step.get('name')}: composite steps need shell"


def test_a_failing_audit_reports_everything_then_fails_the_job(
    tmp_path: Path, workspace: Path
) -> None:
    run = run_action(tmp_path, workspace, paths="claims", args="--offline")
    assert run.outputs["exit-code"] == "1"  # two contradicted figures in the quick start
    counts = {k: run.outputs[k] for k in ("figures", "supported", "approximate", "contradicted",
                                          "unsupported", "unverifiable", "uncited")}  # fmt: skip
    assert counts == {"figures": "9", "supported": "5", "approximate": "1", "contradicted": "2",
                      "unsupported": "0", "unverifiable": "0", "uncited": "1"}  # fmt: skip
    report = Path(run.outputs["report-dir"])
    assert json.loads((report / "report.json").read_text())["schema"] == "claimcheck.report/1"
    assert (report / "report.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert "operating-margin" in run.summary and "contradicted" in run.summary
    assert run.failed == "Fail the job on a failing claim" and run.exit_code == 1
    # the reports were uploaded and the cache saved although the audit failed
    assert run.used == ["actions/setup-python@v5", "actions/cache/restore@v4",
                        "actions/upload-artifact@v4", "actions/cache/save@v4"]  # fmt: skip
    pip = (tmp_path / "pip.log").read_text()
    assert pip.split()[-1] == str(ROOT)  # no version given: the action's own source


def test_paths_may_be_given_one_per_line(tmp_path: Path, workspace: Path) -> None:
    shutil.copytree(workspace / "claims", workspace / "more")
    run = run_action(tmp_path, workspace, paths="claims\nmore\n", args="--offline\n--jobs 2")
    assert run.outputs["figures"] == "18"  # both folders: 9 figures each
    assert run.outputs["exit-code"] == "1"


def test_each_run_is_compared_with_the_last(tmp_path: Path, workspace: Path) -> None:
    first = run_action(tmp_path / "a", workspace, args="--offline", fail="false")
    kept = workspace / "cache" / "baseline" / "report.json"
    assert kept.is_file() and "Since the baseline" not in first.summary
    second = run_action(tmp_path / "b", workspace, args="--offline", fail="false")
    assert "Since the baseline" in second.summary  # the Markdown report compares with the last


def test_fail_false_reports_without_failing_the_job(tmp_path: Path, workspace: Path) -> None:
    run = run_action(tmp_path, workspace, args="--offline", fail="false", cache="false",
                     summary="false", version="0.2.*")  # fmt: skip
    assert run.failed is None and run.outputs["exit-code"] == "1"
    assert run.summary == ""
    assert "actions/cache/restore@v4" not in run.used and "actions/cache/save@v4" not in run.used
    assert "claimcheck==0.2.*" in (tmp_path / "pip.log").read_text()


def test_an_audit_that_cannot_run_fails_with_its_exit_code(tmp_path: Path, workspace: Path) -> None:
    (workspace / "claims" / "broken.yaml").write_text("claims: [\n", encoding="utf-8")
    run = run_action(tmp_path, workspace, args="--offline")
    assert run.outputs["exit-code"] == "2"
    assert run.outputs["figures"] == "0"
    assert "did not produce a report" in run.summary
    assert run.failed == "Fail the job on a failing claim" and run.exit_code == 2


def test_the_example_workflows_use_the_action() -> None:
    audit = yaml.safe_load((ROOT / "examples/github/claimcheck-audit.yml").read_text())
    triggers = audit.get("on", audit.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"]
    assert triggers["push"]["paths"] == triggers["pull_request"]["paths"] == ["claims/**"]
    steps = audit["jobs"]["audit"]["steps"]
    (step,) = [s for s in steps if s.get("uses", "").startswith("claimcheck/claimcheck@")]
    declared = load()["inputs"]
    assert set(step["with"]) <= set(declared)
    assert "--max-age 7d" in step["with"]["args"]
    articles = yaml.safe_load((ROOT / "examples/github/claimcheck-pull-request.yml").read_text())
    (step,) = [s for s in articles["jobs"]["check"]["steps"] if "claimcheck/" in s.get("uses", "")]
    assert step["with"]["command"] == "check" and set(step["with"]) <= set(declared)


def test_the_pull_request_example_checks_the_articles_it_changes(tmp_path: Path) -> None:
    """Its "changed" step, run as GitHub runs it, in a repository with a pull request's
    history: the articles added or changed since the base, one per line, and nothing else."""
    workflow = yaml.safe_load((ROOT / "examples/github/claimcheck-pull-request.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    (changed,) = [s for s in steps if s.get("id") == "changed"]
    repo = tmp_path / "repo"
    (repo / "articles" / "2026").mkdir(parents=True)

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              check=True, env={**os.environ, "GIT_AUTHOR_NAME": "t",
                              "GIT_AUTHOR_EMAIL": "t@example.test", "GIT_COMMITTER_NAME": "t",
                              "GIT_COMMITTER_EMAIL": "t@example.test"})  # fmt: skip
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    for name in ("old.md", "kept.md", "gone.md"):
        (repo / "articles" / name).write_text(f"{name} rose 5% [1].\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    git("checkout", "-q", "-b", "topic")
    (repo / "articles" / "old.md").write_text("It rose 6% [1].\n", encoding="utf-8")
    (repo / "articles" / "2026" / "new.md").write_text("It fell 2% [1].\n", encoding="utf-8")
    (repo / "articles" / "gone.md").unlink()
    (repo / "notes.txt").write_text("not an article\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "topic")
    output = tmp_path / "github_output"
    output.touch()
    env = {**os.environ, "BASE": base, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", changed["run"]], cwd=repo, env=env, check=True)
    text = output.read_text(encoding="utf-8")
    assert "count=2\n" in text
    paths = text.split("paths<<END_OF_PATHS\n", 1)[1].split("END_OF_PATHS", 1)[0].split()
    assert sorted(paths) == ["articles/2026/new.md", "articles/old.md"]
