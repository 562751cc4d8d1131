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
        "site_titel: X\nlatest_articles: many\nrelated_threshold: 2\npublish_full_text: 1\n"
    )
    with pytest.raises(DigestError) as caught:
        load_settings(tmp_path / "digest.yml", tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "digest.yml:1: site_titel: unknown setting; did you mean 'site_title'?",
        "digest.yml:2: latest_articles: expected int but received 'many'",
        "digest.yml:3: related_threshold: expected 0.0 to 1.0 but received 2.0",
        "digest.yml:4: publish_full_text: expected bool but received 1",
    ]
