import markdown
import pytest

from digest.mdtext import Markdown, escape, link, text_fragment

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<https://evil.test>",
    "text {: onclick='alert(1)' }",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "*not emphasis* and _not_ and `not code`",
    "{{ config }} {% include 'x' %}",
    "a | b | c",
    "back\\slash\\",
    "--",  # after a list marker, "- --" would be a rule
    "-- an aside",
]


def render(text: str) -> str:
    return markdown.markdown(f"- {text}", extensions=["tables", "admonition", "attr_list", "toc"])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_exactly_that_text(text):
    html = render(escape(text))
    assert (
        "<script" not in html
        and "<img" not in html
        and "<a " not in html
        and "onclick" not in html.split("<li>")[0]
    )
    assert "<em>" not in html and "<code>" not in html and "<h1" not in html and "<ol>" not in html
    inner = html.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>")
    import html as html_lib

    assert html_lib.unescape(inner) == " ".join(text.split())


def test_newlines_cannot_start_a_block():
    assert "\n" not in escape("line one\n# two\n\n<script>")


def test_markdown_passes_through():
    assert escape(Markdown("[a](b.md)")) == "[a](b.md)"


def test_link_escapes_text_title_and_target():
    assert link("A [b]", "x y(1).md", 'say "hi"') == '[A \\[b\\]](x%20y%281%29.md "say &quot;hi&quot;")'


@pytest.mark.parametrize("title", ["alert('x') (unbalanced", 'a "quoted" [b] \\ `c` *d*', "</title><b>x</b>"])
def test_link_titles_stay_inside_their_attribute(title):
    html = render(link("text", "page.md", title))
    assert html.count('href="page.md"') == 1
    import html as html_lib

    title_attr = html.split('title="', 1)[1].split('"', 1)[0]
    assert html_lib.unescape(title_attr) == title


def test_text_fragment_uses_start_and_end_of_long_sentences():
    url = text_fragment("https://a.test/p#top", "One two three four five six seven eight nine ten eleven.")
    assert (
        url == "https://a.test/p#:~:text=One%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven"
    )
    assert (
        text_fragment("https://a.test/p", "Short, one & two.")
        == "https://a.test/p#:~:text=Short%2C%20one%20%26%20two"
    )


def test_a_label_is_ours_and_can_end_no_attribute():
    from digest.mdtext import labelled

    assert labelled(Markdown("[↗](u)"), "the original") == '[↗](u){ aria-label="the original" }'
    for bad in ('a" onclick="x', "a } b", ""):
        with pytest.raises(ValueError):
            labelled(Markdown("[↗](u)"), bad)
