"""The GitHub workflows are checked here, offline: schema, security audit, and the README's commands."""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_workflows_validate_against_the_github_workflow_schema():
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    dependabot = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.dependabot", REPO / ".github/dependabot.yml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert dependabot.returncode == 0, dependabot.stdout


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    result = subprocess.run(
        [
            BIN / "zizmor",
            "--offline",
            "--format",
            "json",
            "--min-severity",
            "medium",
            REPO / ".github/workflows",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], json.dumps(findings, indent=2)[:3000]


def test_deploy_is_least_privilege_pinned_and_ordered():
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text())
    assert deploy["permissions"] == {"contents": "read"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    uses = [s["uses"] for job in deploy["jobs"].values() for s in job["steps"] if "uses" in s]
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert any(u.startswith(f"actions/{action}@") for u in uses)
    text = (REPO / ".github/workflows/deploy.yml").read_text()
    for line in (line for line in text.splitlines() if "uses:" in line):
        assert re.search(r"@[0-9a-f]{40} # v\d", line), line


def test_pull_requests_never_run_with_write_rights():
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        triggers = data.get(True) or data.get("on")  # YAML 1.1 reads `on:` as true
        assert "pull_request_target" not in triggers, workflow.name
        for job in data["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
