from pathlib import Path

import jinja2
import pytest

from digest.mdtext import Markdown
from digest.render import environment, front_matter


def render(source: str, **context) -> str:
    env = environment(Path("/nonexistent"))
    return env.from_string(source).render(**context)


def test_every_value_is_escaped_for_markdown():
    assert render("{{ x }}", x="[a](javascript:1) <b>") == "\\[a\\](javascript:1) &lt;b&gt;"


def test_join_escapes_its_items_and_separator():
    assert render('{{ xs | join(" * ") }}', xs=["[a](b)", "*c*"]) == "\\[a\\](b) \\* \\*c\\*"


def test_our_markdown_passes_and_jinja_markup_is_not_trusted():
    import markupsafe

    assert render("{{ x }}", x=Markdown("[a](b.md)")) == "[a](b.md)"
    assert render("{{ x | e }}", x=markupsafe.Markup("[a](javascript:1)")) == "\\[a\\](javascript:1)"


@pytest.mark.parametrize("name", ["safe", "urlize", "xmlattr", "striptags", "forceescape"])
def test_filters_that_would_mark_content_safe_are_gone(name):
    with pytest.raises(jinja2.TemplateAssertionError):
        render("{{ x | " + name + " }}", x="a")


def test_template_syntax_in_content_is_data():
    assert (
        render("{{ x }}", x="{{ config }} {% include 'x' %}") == "\\{\\{ config \\}\\} \\{% include 'x' %\\}"
    )


def test_front_matter_title_is_html_escaped_yaml():
    assert front_matter("</title><script>x</script> & 'q'") == (
        "---\ntitle: '&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; &#x27;q&#x27;'\n---\n\n"
    )


def test_only_the_first_mention_of_an_entity_in_a_section_is_linked(two_article_project):
    from digest.build import build

    build(two_article_project.root)
    page = (two_article_project.output / "articles/2024-01-02-acme-invests.md").read_text()
    summary = page.split("## Summary", 1)[1].split("## Themes", 1)[0]
    assert summary.count("](../entities/acme.md)") == 1
    assert "[Acme Corp](../entities/acme.md) will invest" in summary
    entity = (two_article_project.output / "entities/acme.md").read_text()
    assert "](acme.md)" not in entity  # an entity page does not link to itself
