from digest.yamlio import parse_yaml


def test_yaml_1_1_surprises_stay_text():
    doc = parse_yaml("country: NO\ntime: 12:30\nzip: 010\nflag: true\nsize: 3\n", "f.yml")
    assert doc.data == {"country": "NO", "time": "12:30", "zip": "010", "flag": True, "size": 3}


def test_dates_stay_text_for_the_schema_to_parse():
    assert parse_yaml("date: 2024-02-26", "f.yml").data == {"date": "2024-02-26"}


def test_aliases_are_refused_with_their_line():
    doc = parse_yaml("a: &x [1, 2]\nb: *x\n", "f.yml", line_offset=1)
    assert [str(p) for p in doc.problems] == [
        "f.yml:2: yaml: YAML anchors and aliases are not allowed; write the value out"
    ]
    assert doc.data is None


def test_duplicate_keys_are_refused():
    doc = parse_yaml("title: One\nauthor: A\ntitle: Two\n", "f.yml")
    assert [str(p) for p in doc.problems] == ["f.yml:3: yaml: key 'title' appears twice; keep one"]


def test_python_tags_are_refused():
    doc = parse_yaml("x: !!python/object/apply:os.system [echo hi]\n", "f.yml")
    assert doc.data is None
    assert doc.problems[0].field == "yaml"


def test_syntax_error_names_the_line_in_the_file():
    doc = parse_yaml("title: fine\nauthor: [unclosed\n", "a.md", line_offset=1, field="front matter")
    (problem,) = doc.problems
    assert problem.path == "a.md"
    assert problem.field == "front matter"
    assert problem.line == 4
    assert problem.message.startswith("invalid YAML:")


def test_line_of_walks_mappings_and_sequences():
    doc = parse_yaml("themes:\n  - id: a\n    title: A\n  - id: b\n    cues:\n      x: 1\n", "t.yml")
    assert doc.line_of("themes") == 1
    assert doc.line_of("themes", 1) == 4
    assert doc.line_of("themes", 1, "cues", "x") == 6
    assert doc.line_of("missing") == 1


def test_deep_nesting_is_refused():
    doc = parse_yaml("a: " + "[" * 12 + "]" * 12 + "\n", "f.yml")
    assert [str(p) for p in doc.problems] == ["f.yml:1: yaml: nested more than 10 levels deep; flatten it"]


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    doc = parse_yaml(bomb, "f.yml")
    assert doc.data is None and "anchors and aliases are not allowed" in doc.problems[0].message
