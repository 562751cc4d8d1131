"""MkDocs hook for ``make serve``: rebuild the generated pages before each MkDocs rebuild.

Only changed pages are rewritten (see :mod:`digest.write`), so the rebuild this triggers in MkDocs'
watcher of the generated folder finds nothing new and stops. Bad content is reported and leaves the
previous pages in place, so the preview keeps running while a maintainer fixes it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from digest.build import build
from digest.errors import DigestError

log = logging.getLogger("mkdocs.plugins.digest")


def on_pre_build(config: Any) -> None:
    root = Path(config.config_file_path).parent
    try:
        result = build(root)
    except DigestError as error:
        for problem in error.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        log.error("digest: %s; the preview shows the previous pages", error)
        return
    if result.report.written or result.report.removed:
        log.info("digest: %d page(s) rewritten", len(result.report.written) + len(result.report.removed))
