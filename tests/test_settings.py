from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.settings import Settings, load_settings


def test_missing_file_means_defaults(tmp_path: Path):
    assert load_settings(tmp_path / "digest.yml", tmp_path) == Settings()


def test_values_are_read_and_ints_accepted_for_floats(tmp_path: Path):
    (tmp_path / "digest.yml").write_text("site_title: X\nsummary_share: 0.3\nrelated_threshold: 1\n")
    settings = load_settings(tmp_path / "digest.yml", tmp_path)
    assert (settings.site_title, settings.summary_share, settings.related_threshold) == ("X", 0.3, 1.0)


def test_every_bad_setting_is_reported_with_its_line(tmp_path: Path):
    (tmp_path / "digest.yml").write_text(
        "site_titel: X\nlatest_stories: many\nrelated_threshold: 2\npublish_full_text: 1\n"
    )
    with pytest.raises(DigestError) as caught:
        load_settings(tmp_path / "digest.yml", tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "digest.yml:1: site_titel: unknown setting; did you mean 'site_title'?",
        "digest.yml:2: latest_stories: expected int but received 'many'",
        "digest.yml:3: related_threshold: expected 0.0 to 1.0 but received 2.0",
        "digest.yml:4: publish_full_text: expected bool but received 1",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'output_dir: "."',
            "output_dir: the build replaces the output folder whole: it cannot be the project itself",
        ),
        (
            "output_dir: ./",
            "output_dir: the build replaces the output folder whole: it cannot be the project itself",
        ),
        (
            "output_dir: .git",
            "output_dir: the build replaces the output folder whole, and '.git' is or holds '.git'",
        ),
        (
            "output_dir: content",
            "output_dir: the build replaces the output folder whole, and 'content' is or holds 'content'",
        ),
        ("output_dir: build/../digest", "output_dir: '..' leads out of the project"),
        ("output_dir: ../x", "output_dir: '..' leads out of the project"),
        (
            "output_dir: /tmp/x",
            "output_dir: expected a folder inside the project, such as 'build/docs', but received '/tmp/x'",
        ),
        (
            "output_dir: templates/x",
            "output_dir: the build replaces the output folder whole, and 'templates/x' is or holds 'templates'",
        ),
        (
            "output_dir: tests",
            "output_dir: the build replaces the output folder whole, and 'tests' is or holds 'tests'",
        ),
        (
            "content_dir: /etc",
            "content_dir: expected a folder inside the project, such as 'content', but received '/etc'",
        ),
        ("content_dir: .", "content_dir: '.' cannot hold the content"),
        ("content_dir: ../../etc", "content_dir: '..' leads out of the project"),
        ('content_dir: "C:\\\\x"', "content_dir: expected a folder inside the project"),
    ],
)
def test_folders_must_be_inside_the_project_and_the_output_apart_from_it(tmp_path: Path, line, expected):
    (tmp_path / "digest.yml").write_text(f"site_title: X\n{line}\n")
    with pytest.raises(DigestError) as caught:
        load_settings(tmp_path / "digest.yml", tmp_path)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"digest.yml:2: {expected}")


def test_a_folder_that_leads_out_through_a_link_is_refused(tmp_path: Path):
    (tmp_path / "out").symlink_to(tmp_path.parent)
    (tmp_path / "digest.yml").write_text("output_dir: out/docs\ncontent_dir: out\n")
    with pytest.raises(DigestError) as caught:
        load_settings(tmp_path / "digest.yml", tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "digest.yml:1: output_dir: 'out/docs' leads out of the project through a symbolic link; use a folder inside it",
        "digest.yml:2: content_dir: 'out' leads out of the project through a symbolic link; use a folder inside it",
    ]


def test_an_output_folder_of_its_own_is_accepted(tmp_path: Path):
    (tmp_path / "digest.yml").write_text("output_dir: public/pages\ncontent_dir: news\n")
    settings = load_settings(tmp_path / "digest.yml", tmp_path)
    assert (settings.output_dir, settings.content_dir) == ("public/pages", "news")
