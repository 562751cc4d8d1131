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


def code_owners(path: str) -> list[str]:
    """The owners .github/CODEOWNERS gives ``path`` (the last matching line decides, as on GitHub)."""
    import pathspec

    owners: list[str] = []
    for line in (REPO / ".github/CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *names = line.split()
            if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
                owners = names
    return owners


def test_every_file_that_can_change_what_runs_has_a_code_owner():
    """Issue 22: `make serve` ran a hook a pull request named in mkdocs.serve.yml; CODEOWNERS did not
    cover it, nor digest.yml, the tests or .ci/."""
    import subprocess

    listed = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True, text=True, check=True)
    named = ["digest.yml", "mkdocs.yml", "mkdocs.serve.yml", "tests/test_build.py", ".ci/run", "Makefile"]
    named += ["pyproject.toml", "requirements.txt", "overrides/main.html", ".github/workflows/ci.yml"]
    named += ["digest/build.py", "templates/article.md.j2", "content/themes.yml", "a-new-file.py"]
    files = [*listed.stdout.splitlines(), *named]
    unowned = [f for f in files if not code_owners(f) and not f.startswith("content/articles/")]
    assert unowned == []
    assert code_owners("content/articles/2024-02-26-new.md") == []  # an article needs no code owner


def _pins(lines: list[str]) -> dict[str, str]:
    """``name==version`` requirements by their normalised name (PEP 503)."""
    found = {}
    for line in lines:
        requirement = line.split("#")[0].split(";")[0].strip()
        if requirement:
            name, _, version = requirement.partition("==")
            assert version, f"not pinned with ==: {line}"
            found[re.sub(r"[-_.]+", "-", name.split("[")[0]).lower().strip()] = version.strip()
    return found


def test_the_lock_pins_every_package_as_pyproject_does():
    """Issue 23: Dependabot bumped pyproject.toml but not the lock the builds install from, so a bump was
    never tested. It now updates requirements.txt (the lock) too, and this fails until both agree."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = _pins([*project["dependencies"], *project["optional-dependencies"]["test"]])
    locked = _pins((REPO / "requirements.txt").read_text().splitlines())
    assert {name: locked.get(name) for name in declared} == declared
