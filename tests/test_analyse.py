import digest.parallel
from digest.analyse import analyse
from digest.build import check
from tests.conftest import Project


def test_worker_processes_give_the_same_analysis_in_the_same_order(two_article_project: Project, monkeypatch):
    _settings, content, _ = check(two_article_project.root)
    in_this_process = analyse(content, 0.25, jobs=1)
    monkeypatch.setattr(digest.parallel, "PARALLEL_FROM", 1)
    in_workers = analyse(content, 0.25, jobs=2)
    assert in_workers == in_this_process and [a.id for a in in_workers] == [a.id for a in content.articles]


def test_progress_counts_every_article_once(two_article_project: Project):
    _settings, content, _ = check(two_article_project.root)
    counted: list[int] = []
    analyse(content, 0.25, progress=counted.append)
    assert sum(counted) == len(content.articles) == 2
