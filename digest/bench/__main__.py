"""``python -m digest.bench brief|quoted|summaries|themes|scale|pagefind|hostile|stories [options]``: each
prints its figures."""

from __future__ import annotations

import sys

from digest.bench import brief, hostile, pagefind, quoted, scale, stories, summaries, themes

COMMANDS = {
    "brief": brief.main,
    "quoted": quoted.main,
    "summaries": summaries.main,
    "themes": themes.main,
    "scale": scale.main,
    "pagefind": pagefind.main,
    "hostile": hostile.main,
    "stories": stories.main,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m digest.bench {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


raise SystemExit(main(sys.argv[1:]))
