"""digest: turn a folder of news articles into a curated, searchable news-digest website.

The build is a pipeline of plain functions over the frozen dataclasses in :mod:`digest.model`::

    load -> clean -> analyse (summarise, themes, entities) -> link -> render -> write

:func:`digest.build.build` runs it; ``digest build`` is its command line.
"""

__version__ = "0.1.0"
