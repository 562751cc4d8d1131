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


REQUIRED = {
    "actions/checkout": {"contents": "read"},
    "actions/setup-python": {},
    "actions/configure-pages": {"pages": "read"},  # reads the Pages settings through the API
    "actions/upload-pages-artifact": {},
    "actions/deploy-pages": {"pages": "write", "id-token": "write"},
}
"""What each action the workflows use needs of the job's token (GitHub's documentation of each)."""
LEVEL = {"none": 0, "read": 1, "write": 2}


def test_each_job_has_the_permissions_its_actions_need_and_no_more():
    """Issue 23: configure-pages ran with only `contents: read`; on a real repository it needs `pages:
    read` ("Resource not accessible by integration")."""
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text())
        for name, job in data["jobs"].items():
            granted = job.get("permissions", data.get("permissions"))
            assert isinstance(granted, dict), f"{workflow.name}: {name} has no explicit permissions"
            needed: dict[str, str] = {}
            for step in job["steps"]:
                if "uses" in step:
                    action = step["uses"].split("@")[0]
                    assert action in REQUIRED, f"{workflow.name}: say what {action} needs"
                    for scope, level in REQUIRED[action].items():
                        if LEVEL[level] > LEVEL[needed.get(scope, "none")]:
                            needed[scope] = level
            assert granted == needed, f"{workflow.name}: {name}"


def test_deploy_is_least_privilege_pinned_and_ordered():
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text())
    assert deploy["permissions"] == {"contents": "read"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    ci = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())
    assert ci["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
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
