"""The ``digest`` command line: build, check, new, import, explain and pr-summary.

Exit codes: 0 success, 1 errors in the content (or warnings with ``--strict``), 2 bad usage.

Each command imports the pipeline's modules when it runs, not here: a ``digest build`` with nothing to
do answers from the build stamp before the text-processing libraries are even loaded.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from digest.errors import DigestError, Problem, Severity, UsageError, errors_in, failing, printable
from digest.model import SOURCE_KINDS
from digest.settings import SETTINGS_FILE, load_settings

if TYPE_CHECKING:
    from digest.model import AnalysedArticle
    from digest.stories import Cluster

SIBLINGS_NAMED = 3
"""Other articles of its story a pull request's summary names for each changed article."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    try:
        code = int(args.run(args, root))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except DigestError as error:
        _report(error.problems, getattr(args, "format", "text"))
        print(f"digest: {error}", file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"digest: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `digest pr-summary | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exiting flushes nothing
        return 1
    except KeyboardInterrupt:
        print("digest: interrupted; the previous output is as it was", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="build the Markdown pages and digest.json from content/")
    build_cmd.add_argument(
        "--jobs", type=int, default=None, help="processes that analyse articles (default: one per core)"
    )
    build_cmd.set_defaults(run=_build)
    check_cmd = commands.add_parser("check", help="validate content/ and report every problem")
    check_cmd.set_defaults(run=_check)
    for command in (build_cmd, check_cmd):
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument(
            "--all-notes",
            action="store_true",
            help=f"print every note (default: the first {NOTES_SHOWN} of each kind, and how many more)",
        )
        command.add_argument(
            "--format",
            choices=("text", "github"),
            default="text",
            help="github: GitHub Actions annotations, shown on the lines of a pull request",
        )
    check_cmd.add_argument(
        "--changed-since",
        metavar="REF",
        help="with --format github, annotate only the files changed since this git commit (a pull "
        "request's base) and the near-duplicates they make; print the other problems as log lines",
    )

    new_cmd = commands.add_parser("new", help="write a new article file with its front matter filled")
    new_cmd.add_argument("title", help="the headline")
    new_cmd.add_argument("--outlet")
    new_cmd.add_argument(
        "--source-kind",
        choices=tuple(SOURCE_KINDS),
        default="outlet",
        help="a news outlet (the default), a copy another site republished, or a personal blog",
    )
    new_cmd.add_argument("--author")
    new_cmd.add_argument("--url")
    new_cmd.add_argument("--date", help="YYYY-MM-DD")
    new_cmd.add_argument("--language")
    new_cmd.set_defaults(run=_new)

    summary_cmd = commands.add_parser(
        "pr-summary", help="Markdown for a pull request: each given article's themes, summary and warnings"
    )
    summary_cmd.add_argument("paths", nargs="*", type=Path)
    summary_cmd.add_argument(
        "--changed-since",
        metavar="REF",
        help="also every article added, changed or renamed since this git commit (a pull request's base)",
    )
    summary_cmd.set_defaults(run=_pr_summary)

    explain_cmd = commands.add_parser(
        "explain", help="show why an article is on its themes, paragraph by paragraph"
    )
    explain_cmd.add_argument("article", help="the article's file or id")
    explain_cmd.set_defaults(run=_explain)

    import_cmd = commands.add_parser("import", help="turn raw text or saved HTML pages into article files")
    import_cmd.add_argument("paths", nargs="+", type=Path)
    import_cmd.set_defaults(run=_import)
    return parser


def _build(args: argparse.Namespace, root: Path) -> int:
    from digest.cache import committed_cache
    from digest.stamp import file_hashes, input_hash, up_to_date

    if committed := committed_cache(root):  # before a file of it is read
        raise DigestError(committed)
    settings = load_settings(root / SETTINGS_FILE, root)
    hashes = file_hashes(root)
    inputs = input_hash(root, settings, hashes)  # once: for the check here, and the stamp after a build
    hashes.save()
    stamp = up_to_date(root, settings, inputs)
    if stamp is not None:
        _report(stamp.warnings, args.format, all_notes=args.all_notes)
        if failing(stamp.warnings, args.strict):
            raise DigestError(stamp.warnings)
        print(f"digest: {stamp.articles} articles, nothing changed since the last build")
        return 0
    from digest.build import build

    result = build(root, strict=args.strict, jobs=args.jobs, inputs=inputs)
    gc.freeze()  # the process ends next: its last collection need not walk the whole digest (a second)
    _report(result.warnings, args.format, all_notes=args.all_notes)
    r = result.report
    print(
        f"digest: built {len(result.digest.articles)} articles into {result.output.relative_to(root)} "
        f"({len(r.written)} written, {len(r.unchanged)} unchanged, {len(r.removed)} removed)"
    )
    return 0


def _check(args: argparse.Namespace, root: Path) -> int:
    from digest.build import check
    from digest.write import listing

    settings, _content, problems = check(root)
    changed = set(map(str, _changed_since(root, args.changed_since))) if args.changed_since else None
    _report(problems, args.format, changed, all_notes=args.all_notes)
    errors = len(errors_in(problems))
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    files = [name for name, _path in listing(root / settings.content_dir)]  # every one, valid or not
    articles = sum(name.startswith("articles/") and name.endswith(".md") for name in files)
    print(
        f"digest: checked {articles} article(s) and {len(files) - articles} other file(s): "
        f"{errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return 1 if failing(problems, args.strict) else 0


def _pr_summary(args: argparse.Namespace, root: Path) -> int:
    from digest.analyse import analyse
    from digest.build import check

    settings, content, problems = check(root)
    paths = [*args.paths, *_changed_since(root, args.changed_since, f"{settings.content_dir}/articles")]
    wanted = {p.stem for p in paths if p.suffix == ".md"}
    print("## What the site will say about the changed articles\n")
    if not wanted:
        print("No article was added or changed.")
        return 0
    everything = {a.id: a for a in analyse(content, settings.summary_share)}
    analysed = {i: a for i, a in everything.items() if i in wanted}
    titles = {t.id: t.title for t in content.themes}
    story_of = _stories_of(everything.values())
    for article_id in sorted(wanted):
        found = [p for p in problems if Path(p.path).stem == article_id]
        print(f"### {_code(article_id)}\n")
        if article_id not in analysed:
            print("Not built: fix the errors below.\n" if found else "Not found (deleted?).\n")
        else:
            a = analysed[article_id]
            themes = ", ".join(titles[t] for t in a.theme_ids) or "none"
            print(f"**{_md(a.article.title)}**, {_md(a.article.source_label)}; themes: {_md(themes)}\n")
            print(_story_line(story_of[article_id], article_id, everything) + "\n")
            for sentence in a.editorial_summary or [s.text for s in a.summary]:
                print(f"> {_md(sentence)}\n>")
            print()
        for problem in found:
            where = f"line {problem.line}, {_code(problem.field)}"
            print(f"- {problem.severity.value}: {where}: {_md(problem.message)}")
        print()
    return 0


def _stories_of(analysed: Iterable[AnalysedArticle]) -> dict[str, Cluster]:
    """Each article's story, as the build will group them."""
    from digest.link import story_members
    from digest.stories import cluster

    stories = cluster(story_members(list(analysed)))
    return {article_id: story for story in stories for article_id in story.articles}


def _story_line(story: Cluster, article_id: str, analysed: dict[str, AnalysedArticle]) -> str:
    """Which story an article joins, and with which articles: what a reviewer checks the grouping by."""
    others = [analysed[i].article.title for i in reversed(story.articles) if i != article_id]
    if not others:
        return f"Story {_code(story.id)}: a story of its own (no other article is about the same event)."
    named = "; ".join(f"“{_md(title)}”" for title in others[:SIBLINGS_NAMED])
    more = f" and {len(others) - SIBLINGS_NAMED} more" if len(others) > SIBLINGS_NAMED else ""
    articles = "article" if len(others) == 1 else "articles"
    line = f"Story {_code(story.id)}, with {len(others)} other {articles}: {named}{more}."
    if story.id == article_id and not analysed[article_id].article.story:
        # Added before the others (or renamed), it gives the story its id, and the story a new address.
        line += (
            " It is the story's first article, so the story's id (its page's address) is its own:"
            " if the story had another before, add `story: <that id>` to this article to keep it."
        )
    return line


def _changed_since(root: Path, commit: str | None, under: str = ".") -> list[Path]:
    """The files under ``under`` added, changed or renamed (under their new names) since ``commit``, by
    git, relative to ``root``.

    Names come NUL-separated and are never split by a shell: a name with a quote or a backtick is a name
    (issue 22: ``xargs`` failed on a quote, and backticks wrote Markdown into the job summary).
    """
    if not commit:
        return []
    command = ["git", "-C", str(root), "diff", "-z", "--name-only", "--relative", "--diff-filter=AMR"]
    try:
        listed = subprocess.run(
            [*command, commit, "HEAD", "--", under], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise UsageError(f"cannot list the articles changed since {commit}: {error}") from None
    return [Path(os.fsdecode(name)) for name in listed.split(b"\0") if name]


def _code(text: str) -> str:
    """``text`` as inline code when it is a plain name (a slug, a field), else as escaped text: a name
    holding a backtick would end the code and start Markdown of its own."""
    return f"`{text}`" if re.fullmatch(r"[\w.-]+", text, re.ASCII) else _md(text)


def _md(text: str) -> str:
    from digest.mdtext import escape

    return str(escape(text))


def _explain(args: argparse.Namespace, root: Path) -> int:
    from digest.build import check
    from digest.explain import explain

    _settings, content, problems = check(root)
    wanted = Path(args.article).stem
    article = next((a for a in content.articles if a.id == wanted), None)
    if article is None:
        _report([p for p in problems if Path(p.path).stem == wanted], "text")
        print(f"digest: no valid article '{wanted}' in the content", file=sys.stderr)
        return 1
    for line in explain(article, content):
        print(line)
    return 0


def _new(args: argparse.Namespace, root: Path) -> int:
    from digest.scaffold import write_article

    folder = _articles_folder(root)
    values = {
        "title": args.title,
        "outlet": args.outlet,
        "source_kind": args.source_kind,
        "author": args.author,
        "date": args.date,
        "url": args.url,
        "language": args.language,
    }
    path = write_article(folder, values, "", args.title)
    print(path.relative_to(root))
    print(
        f"digest: paste the article's text below the front matter of {path.relative_to(root)}",
        file=sys.stderr,
    )
    return 0


def _import(args: argparse.Namespace, root: Path) -> int:
    """Read every file first, then write every article, or none: a missing file, a folder, or a page with
    no article text is a one-line error, and nothing is written."""
    from digest.importer import import_file
    from digest.scaffold import article_file, write_articles

    folder = _articles_folder(root)
    found = []
    for source in args.paths:
        try:
            articles = import_file(source.read_bytes(), source.name)
        except IsADirectoryError:
            raise UsageError(f"{source} is a folder; name the saved pages or text files in it") from None
        except OSError as error:
            raise UsageError(f"{source}: {error.strerror}; nothing was written") from None
        if not articles:
            raise UsageError(f"{source}: no article text found; nothing was written")
        found.append((source, articles))
    files = []
    for source, articles in found:
        for article in articles:
            values = {
                "title": article.title,
                "outlet": article.outlet,
                "source_kind": "outlet",
                "author": article.author,
                "date": article.date,
                "url": article.url,
                "language": article.language,
            }
            files.append(article_file(folder, values, article.body, source.stem))
    write_articles(files)
    articles = [(source, article) for source, of_source in found for article in of_source]
    for (path, _text), (source, article) in zip(files, articles, strict=True):
        shown = path.relative_to(root)
        print(shown)
        missing = ", ".join(article.missing) or "nothing"
        print(
            f"digest: {shown}: fill in {missing} if a source says, or write null where none does",
            file=sys.stderr,
        )
        for line in article.removed:
            print(f"digest: {source}: removed: {printable(line)}", file=sys.stderr)
    return 0


def _articles_folder(root: Path) -> Path:
    return root / load_settings(root / SETTINGS_FILE, root).content_dir / "articles"


NOTES_SHOWN = 10
"""Notes of one kind (one file and field) printed before the rest are only counted: a digest of years
suggests thousands of names to track (5,300 at 10,000 articles), which would bury its warnings."""


def _report(
    problems: Sequence[Problem],
    output_format: str,
    changed: set[str] | None = None,
    all_notes: bool = False,
) -> None:
    """Print ``problems``: as text on standard error, or as GitHub annotations on standard output.

    GitHub shows only ten warning annotations a step: given the files a pull request ``changed``, only
    their problems are annotations (the near-duplicates they make first), and the rest are log lines.
    Unless ``all_notes``, the notes of each kind past :data:`NOTES_SHOWN` are counted in one note.
    """
    if not all_notes:
        problems = _fold_notes(problems)
    if output_format != "github":
        for problem in problems:
            print(f"{problem} ({problem.severity.value})", file=sys.stderr)
        return
    if changed is None:
        annotated, logged = list(problems), []
    else:
        annotated = [p for p in problems if p.path in changed or changed.intersection(p.others)]
        logged = [p for p in problems if p not in annotated]
    for problem in sorted(annotated, key=lambda p: not p.others):
        print(_github(problem))
    if logged:
        print(f"digest: {len(logged)} problem(s) in files the pull request does not change:")
        for problem in logged:
            print(f"  {problem} ({problem.severity.value})")


def _fold_notes(problems: Sequence[Problem]) -> list[Problem]:
    """``problems`` with the notes of each file and field past :data:`NOTES_SHOWN` replaced by one note
    that counts them, where the first of them was."""
    kept: list[Problem] = []
    seen: Counter[tuple[str, str]] = Counter()
    folded: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        kind = (problem.path, problem.field)
        if problem.severity is Severity.NOTE:
            seen[kind] += 1
            if seen[kind] > NOTES_SHOWN:
                folded.setdefault(kind, []).append(problem)
                continue
        kept.append(problem)
    for (path, field), rest in folded.items():
        message = f"{len(rest)} more note(s) like these; 'digest check --all-notes' prints them all"
        kept.append(Problem(path, rest[0].line, field, message, Severity.NOTE))
    return kept


def _github(problem: Problem) -> str:
    """A GitHub Actions workflow command: shown on the file's line in the pull request."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    kind = {"error": "error", "warning": "warning", "note": "notice"}[problem.severity.value]
    return (
        f"::{kind} file={prop(problem.path)},line={problem.line},title={prop(problem.field)}::"
        f"{data(problem.field + ': ' + problem.message)}"
    )
