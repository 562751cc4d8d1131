from pathlib import Path

import pytest

from digest.cli import main
from tests.conftest import TWO_ARTICLES, Project


def test_build_reports_warnings_and_succeeds(
    two_article_project: Project, capsys: pytest.CaptureFixture[str]
):
    assert main(["--root", str(two_article_project.root), "build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("digest: built 2 articles into build/docs (19 written, 0 unchanged, 0 removed)")
    assert err == (
        "content/articles/2024-01-05-regulators-study-acme-deal.md:4: author: "
        "the author is not known; fill it in if the byline says, or write 'author: null' if there is none "
        "(warning)\n"
        "content/entities.yml:1: entities: 'Widgets Ltd' is named by 2 articles (2024-01-02-acme-invests, "
        "2024-01-05-regulators-study-acme-deal); add it if the digest should track it (note)\n"
    )


def test_notes_of_one_kind_past_ten_are_counted_unless_all_are_asked_for(project: Project, capsys):
    """A digest of years suggests thousands of names to track: they would bury its warnings."""
    names = [
        f"{first} {last}"
        for first, last in zip(
            [
                "Anna",
                "Boris",
                "Clara",
                "Dmitri",
                "Elena",
                "Fyodor",
                "Galina",
                "Igor",
                "Lidia",
                "Maxim",
                "Nina",
                "Oleg",
            ],
            [
                "Petrova",
                "Sokolov",
                "Ivanova",
                "Orlov",
                "Kuznetsova",
                "Popov",
                "Smirnova",
                "Volkov",
                "Morozova",
                "Lebedev",
                "Kozlova",
                "Novikov",
            ],
            strict=True,
        )
    ]
    body = " ".join(f"The chess player {name} won a game on Monday." for name in names)
    project.add("2024-01-02-chess", body)
    project.add(
        "2024-01-03-chess-again",
        " ".join(f"{name} lost the next one." for name in names),
        title="Chess again",
        outlet="Board News",
        url="https://example.org/chess",
    )
    assert main(["--root", str(project.root), "check"]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.endswith("(note)")]
    assert len(notes) == 11
    assert notes[-1] == (
        "content/entities.yml:1: entities: 2 more note(s) like these; 'digest check --all-notes' prints them all (note)"
    )
    assert main(["--root", str(project.root), "check", "--all-notes"]) == 0
    every = [line for line in capsys.readouterr().err.splitlines() if line.endswith("(note)")]
    assert len(every) == 12 and every[:10] == notes[:10]
    assert all(any(f"'{name}' is named by 2 articles" in line for line in every) for name in names)


def test_strict_turns_warnings_into_failure(two_article_project: Project, capsys):
    assert main(["--root", str(two_article_project.root), "build", "--strict"]) == 1
    assert main(["--root", str(two_article_project.root), "check", "--strict"]) == 1
    assert main(["--root", str(two_article_project.root), "check"]) == 0


def test_errors_exit_1_and_name_file_line_and_field(project: Project, capsys):
    project.add("a", "Text.", title=None)
    assert main(["--root", str(project.root), "build"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/articles/a.md:2: title: is missing; add the article's headline (error)",
        "digest: 1 error(s) in the content; nothing was written",
    ]
    assert not project.output.exists()


def test_a_link_to_nothing_is_reported_not_a_crash(project: Project, capsys):
    import os

    project.add("a", "Text.")
    os.symlink(project.root / "gone.md", project.root / "content" / "articles" / "b.md")
    assert main(["--root", str(project.root), "build"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/articles/b.md:1: file: is a symbolic link; commit the file itself (error)"
    )


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_check_prints_github_annotations(project: Project, capsys):
    project.add("a", "Text.", date="26/02/2024", author=None)
    assert main(["--root", str(project.root), "check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "::warning file=content/articles/a.md,line=4,title=author::author: the author is not known; "
        "fill it in if the byline says, or write 'author: null' if there is none",
        "::error file=content/articles/a.md,line=5,title=date::date: expected a date as YYYY-MM-DD "
        "(e.g. 2024-02-26) but received '26/02/2024'",
    ]
    assert err == "digest: checked 1 article(s) and 2 other file(s): 1 error(s), 1 warning(s)\n"


def test_new_writes_a_named_article_with_its_front_matter(project: Project, capsys):
    args = [
        "--root",
        str(project.root),
        "new",
        "Acme buys: Widgets",
        "--outlet",
        "The Paper",
        "--url",
        "https://example.com/x",
        "--date",
        "2024-01-02",
        "--source-kind",
        "blog",
    ]
    assert main(args) == 0
    out, _ = capsys.readouterr()
    assert out == "content/articles/2024-01-02-acme-buys-widgets.md\n"
    path = project.root / out.strip()
    assert path.read_text() == (
        "---\ntitle: 'Acme buys: Widgets'\noutlet: The Paper\n"
        "source_kind: blog  # outlet, republished, blog: see CONTRIBUTING.md\nauthor:\ndate: 2024-01-02\n"
        "url: https://example.com/x\nlanguage:\n---\n"
    )
    path.write_text(path.read_text() + "\nAcme bought Widgets, the companies said.\n")
    from digest.build import check

    _settings, content, _problems = check(project.root)
    assert [a.source_kind for a in content.articles] == ["blog"]
    assert main(args) == 2  # never overwrites
    assert "exists already" in capsys.readouterr().err


def test_new_refuses_malformed_values(project: Project, capsys):
    assert main(["--root", str(project.root), "new", "X", "--url", "javascript:alert(1)"]) == 2
    assert "url: expected an http:// or https:// address" in capsys.readouterr().err
    assert list((project.root / "content/articles").iterdir()) == []


def test_import_writes_checkable_articles_and_says_what_to_fill(project: Project, capsys):
    seed = Path(__file__).parent / "fixtures/seeds/002_3b24b03c2d954725.txt"
    assert main(["--root", str(project.root), "import", str(seed)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "content/articles/002-3b24b03c2d954725.md",
        "content/articles/microsofts-mistral-ai-deal-should-be-further-investigated-eu.md",
    ]
    assert "content/articles/002-3b24b03c2d954725.md: fill in title, outlet, author, date, url" in err
    second = (project.root / out.splitlines()[1]).read_text()
    assert second.startswith(
        "---\ntitle: 'Microsoft’s Mistral AI deal should be further investigated: EU lawmaker'\n"
    )


def test_explain_shows_each_paragraph_score_and_cues(two_article_project: Project, capsys):
    assert (
        main(["--root", str(two_article_project.root), "explain", "2024-01-05-regulators-study-acme-deal"])
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == "content/articles/2024-01-05-regulators-study-acme-deal.md: money (score 4), rules (score 6)"
    )
    assert out[2] == "line 9: Regulators said on Friday they would study Acme's investment in Wid..."
    assert out[3] == "  money     2 / 2  passage  (invest*)"
    assert out[4] == "  rules     4 / 2  passage  (law, regulat*)"
    assert main(["--root", str(two_article_project.root), "explain", "nope"]) == 1


def test_pr_summary_says_what_the_site_will_say(two_article_project: Project, capsys):
    two_article_project.add("bad", "Text.", date="soon", url="https://e.com/b")
    paths = [
        "content/articles/2024-01-05-regulators-study-acme-deal.md",
        "content/articles/bad.md",
        "README.md",
    ]
    assert main(["--root", str(two_article_project.root), "pr-summary", *paths]) == 0
    out = capsys.readouterr().out
    assert "### `2024-01-05-regulators-study-acme-deal`" in out
    assert "**Regulators study Acme deal**, Daily Wire Service; themes: Money, Rules" in out
    assert "> Regulators said on Friday they would study Acme's investment" in out
    assert "- warning: line 4, `author`: the author is not known" in out
    assert "### `bad`\n\nNot built: fix the errors below." in out
    assert "- error: line 5, `date`: expected a date as YYYY-MM-DD" in out


def test_pr_summary_says_which_story_each_article_joins(two_article_project: Project, capsys):
    """A reviewer checks the grouping there, and pins the article with `story:` when it is wrong; an
    article dated before a story's first gives the story its id, so the summary says how to keep the
    old one."""
    project = two_article_project
    project.add("2024-03-09-harbour-reopens", "The harbour of Porthaven reopened to ferries after storms.")
    text = (project.root / "content/articles/2024-01-02-acme-invests.md").read_text().split("---\n", 2)[2]
    project.add("2023-12-30-acme-to-invest", text, title="Acme to invest", date="2023-12-30")
    paths = [
        f"content/articles/{name}.md" for name in ("2024-03-09-harbour-reopens", "2023-12-30-acme-to-invest")
    ]
    assert main(["--root", str(project.root), "pr-summary", *paths]) == 0
    older, harbour = capsys.readouterr().out.split("### ")[1:]  # in order of their ids
    assert "Story `2024-03-09-harbour-reopens`: a story of its own" in harbour
    assert (
        "Story `2023-12-30-acme-to-invest`, with 2 other articles: “Regulators study Acme deal”; “Acme invests”."
        in older
    )
    assert "so the story's id (its page's address) is its own: if the story had another before" in older
    assert "address" not in harbour


def test_pr_summary_lists_what_changed_since_a_commit_whatever_the_names(
    two_article_project: Project, capsys
):
    """Issue 22: the CI step split names with xargs (a quote failed it) and backticks wrote Markdown."""
    import subprocess

    root = two_article_project.root
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    articles = root / "content" / "articles"
    (articles / "2024-01-02-acme-invests.md").rename(articles / "2024-01-02-acme-invests-renamed.md")
    two_article_project.add("it's", "Acme Corp invests in Widgets today.")
    two_article_project.add("a`b`## heading", "Acme Corp invests in Widgets today.")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "change"], check=True)
    assert main(["--root", str(root), "pr-summary", "--changed-since", base]) == 0
    out = capsys.readouterr().out
    assert "### `2024-01-02-acme-invests-renamed`\n" in out  # renamed: under its new name
    assert "### it's\n" in out and "### a\\`b\\`\\#\\# heading\n" in out
    assert "- error: line 1, `file name`" not in out and "- error: line 1, file name:" in out
    assert "2024-01-05-regulators-study-acme-deal" not in out  # unchanged


def test_check_annotates_only_what_a_pull_request_changes_near_duplicates_first(
    two_article_project: Project, capsys
):
    """Issue 23: GitHub shows ten warning annotations a step; those of unchanged files hid the PR's own."""
    import subprocess

    root = two_article_project.root
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    body, _front = TWO_ARTICLES["2024-01-02-acme-invests"]
    two_article_project.add("2024-01-03-copy", body, author=None, url="https://example.com/copy")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "pr"], check=True)
    assert main(["--root", str(root), "check", "--format", "github", "--changed-since", base]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::warning file=content/articles/2024-01-03-copy.md,line=9,title=body::body:")
    assert lines[1].startswith("::warning file=content/articles/2024-01-03-copy.md,line=4,title=author::")
    assert lines[2] == "digest: 3 problem(s) in files the pull request does not change:"
    assert not [line for line in lines[2:] if line.startswith("::")]
    assert (
        "  content/articles/2024-01-05-regulators-study-acme-deal.md:4: author: the author is not known; "
        "fill it in if the byline says, or write 'author: null' if there is none (warning)"
    ) in lines[3:]
    assert main(["--root", str(root), "check", "--strict", "--changed-since", base]) == 1


WINDOWS_PAGE = (
    '<!DOCTYPE html><html lang="en_GB"><head><meta charset="windows-1252"><title>Acme</title></head><body>'
    "<nav>Home \x9b News</nav><article><h1>Acme\x92s deal with Widgets</h1><p>February 26, 2024</p>"
    "<p>Updated 3 hours ago</p><p>\x93Today we grow,\x94 Acme\x92s chief said of the deal with Widgets Ltd, "
    "which the companies announced on Monday in Paris.</p><p>Analysts said the caf\xe9 chain and the parts "
    "maker had little in common, and that regulators would look at the deal closely.</p></article>"
    "<footer>\xa9 Example</footer></body></html>"
).encode("latin-1")


def test_import_reads_a_page_in_its_declared_encoding_with_its_date_and_language(project: Project, capsys):
    """Issue 23: a windows-1252 page was decoded as UTF-8 with errors replaced: U+FFFD everywhere."""
    page = project.root / "saved.html"
    page.write_bytes(WINDOWS_PAGE)
    assert main(["--root", str(project.root), "import", str(page)]) == 0
    out, err = capsys.readouterr()
    (written,) = out.splitlines()
    text = (project.root / written).read_text(encoding="utf-8")
    assert "\ufffd" not in text and "“Today we grow,” Acme’s chief said" in text and "café" in text
    assert "title: Acme’s deal with Widgets\n" in text and "date: 2024-02-26\n" in text
    assert "language: en-GB\n" in text and "## " not in text  # no date or time line became a heading
    for line in ("Home › News", "Updated 3 hours ago", "© Example"):
        assert f"digest: {page}: removed: {line}\n" in err
    assert main(["--root", str(project.root), "check"]) == 0


def test_an_import_that_cannot_read_a_file_writes_nothing_and_says_why_in_one_line(project: Project, capsys):
    good = Path(__file__).parent / "fixtures/seeds/000_4cdb21190f5acf95.txt"
    articles = project.root / "content" / "articles"
    for bad, says in (
        (project.root / "missing.txt", "missing.txt: No such file or directory; nothing was written"),
        (project.root / "content", "content is a folder; name the saved pages or text files in it"),
    ):
        assert main(["--root", str(project.root), "import", str(good), str(bad)]) == 2
        _out, err = capsys.readouterr()
        assert err.endswith(f"{says}\n") and err.count("\n") == 1 and "Traceback" not in err
        assert list(articles.iterdir()) == []


def test_a_reader_that_stops_reading_gets_no_traceback(two_article_project: Project):
    """`digest pr-summary ... | head -3` closed the pipe under it: Python printed a BrokenPipeError."""
    import subprocess
    import sys

    root = two_article_project.root
    command = [sys.executable, "-m", "digest", "--root", str(root), "pr-summary"]
    paths = [str(p) for p in sorted((root / "content" / "articles").glob("*.md"))]
    process = subprocess.Popen([*command, *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()  # before it writes: whatever it writes finds the pipe closed
    _, errors = process.communicate(timeout=120)
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors and process.returncode == 1
