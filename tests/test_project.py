"""The project's own wiring: the README's commands are the ones CI, the workflows and the config use."""

import re

import yaml

from digest.settings import load_settings
from tests.conftest import REPO


def readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)
    assert block, "README.md starts with a sh block of its two commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_the_two_commands():
    assert readme_commands() == ["make site", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci/run").read_text().splitlines()


def test_workflows_build_with_the_readme_commands():
    for name in ("ci.yml", "deploy.yml"):
        workflow = yaml.safe_load((REPO / ".github/workflows" / name).read_text())
        runs = [
            step.get("run") for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
        ]
        assert "make site" in runs, name
        for step in (s for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


class MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV [NAME, default]` as its default."""


MkDocsLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_mkdocs_publishes_the_folder_digest_writes():
    mkdocs = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=MkDocsLoader)
    assert mkdocs["site_url"] == load_settings(REPO / "digest.yml", REPO).site_url
    settings = load_settings(REPO / "digest.yml", REPO)
    assert mkdocs["docs_dir"] == settings.output_dir
    assert mkdocs["theme"]["font"] is False  # no Google Fonts request
    assert "hooks" not in mkdocs  # the published build runs no step of ours inside MkDocs


def test_generated_output_is_ignored_by_git():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    for folder in ("/build/", "/site/", "/.venv/"):
        assert folder in ignored
