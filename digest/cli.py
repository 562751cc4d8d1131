"""The ``digest`` command line: ``digest build`` and ``digest check``.

Exit codes: 0 success, 1 errors in the content (or warnings with ``--strict``), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from digest.build import build, check
from digest.errors import DigestError, Problem, errors_in


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digest", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the Markdown pages and digest.json from content/")
    check_cmd = commands.add_parser("check", help="validate content/ and report every problem")
    for command in (build_cmd, check_cmd):
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "check":
            _settings, _content, problems = check(root)
            return _report(problems, args.strict)
        result = build(root, strict=args.strict)
    except DigestError as error:
        _report(error.problems, args.strict)
        print(f"digest: {error}", file=sys.stderr)
        return 1
    _report(result.warnings, args.strict)
    r = result.report
    print(
        f"digest: built {len(result.digest.articles)} articles into {result.output.relative_to(root)} "
        f"({len(r.written)} written, {len(r.unchanged)} unchanged, {len(r.removed)} removed)"
    )
    return 0


def _report(problems: Sequence[Problem], strict: bool) -> int:
    for problem in problems:
        print(f"{problem} ({problem.severity.value})", file=sys.stderr)
    failing = errors_in(tuple(problems)) or (strict and problems)
    return 1 if failing else 0
