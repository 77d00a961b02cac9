"""The Schematron compiler (edition.schematron): ISO Schematron in, XSLT 3.0 out, run by Saxon."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.schematron import (
    Schematron,
    SchematronError,
    SourceMap,
    compile_schematron,
    load_document,
)
from edition.xslt import processor

SCH = "http://purl.oclc.org/dsdl/schematron"

ITEMS = b"""<list xmlns="urn:t">
  <item n="1"/>
  <item n="4" colour="red"/>
  <group><item
      n="5"/></group>
</list>
"""


def schema(body: str, *, binding: str = "xslt3", extra: str = "") -> etree._ElementTree:
    text = (f'<sch:schema xmlns:sch="{SCH}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
            f'queryBinding="{binding}" {extra}>\n'
            f'<sch:ns prefix="t" uri="urn:t"/>\n{body}\n</sch:schema>')
    return etree.ElementTree(etree.fromstring(text))


def run(body: str, data: bytes = ITEMS, **parameters):
    """Findings as (rule, role, message, (line, column)) for ``data``."""
    compiled = Schematron(schema(body))
    document = load_document(data.decode(), "file:///tmp/items.xml")
    values = {name: processor().make_string_value(value) for name, value in parameters.items()}
    [findings] = compiled.validate([document], values)
    where = SourceMap(data)
    return [(f.rule, f.role, f.message, where.locate(f.location)) for f in findings]


def test_assert_reports_when_its_test_is_false():
    found = run("""<sch:pattern><sch:rule context="t:item">
        <sch:assert id="SMALL" test="xs:integer(@n) lt 5">too big</sch:assert>
        </sch:rule></sch:pattern>""")
    assert found == [("SMALL", "error", "too big", (4, 10))]


def test_report_reports_when_its_test_is_true():
    found = run("""<sch:pattern><sch:rule context="t:item">
        <sch:report id="EVEN" test="xs:integer(@n) mod 2 = 0">even</sch:report>
        </sch:rule></sch:pattern>""")
    assert [f[0] for f in found] == ["EVEN"]
    assert found[0][3] == (3, 3)


def test_role_comes_from_the_check_else_the_rule_else_is_error():
    found = run("""<sch:pattern><sch:rule context="t:item[@n = '1']" role="warning">
        <sch:report id="A" test="true()">a</sch:report>
        <sch:report id="B" role="info" test="true()">b</sch:report>
        </sch:rule></sch:pattern>
        <sch:pattern><sch:rule context="t:item[@n = '1']">
        <sch:report id="C" test="true()">c</sch:report></sch:rule></sch:pattern>""")
    assert [(f[0], f[1]) for f in found] == [("A", "warning"), ("B", "info"), ("C", "error")]


def test_id_falls_back_to_the_rule_then_the_pattern():
    found = run("""<sch:pattern id="P"><sch:rule context="t:list" id="R">
        <sch:report test="true()">r</sch:report></sch:rule></sch:pattern>
        <sch:pattern id="Q"><sch:rule context="t:list">
        <sch:report test="true()">q</sch:report></sch:rule></sch:pattern>""")
    assert [f[0] for f in found] == ["R", "Q"]


def test_value_of_and_name_build_the_message():
    found = run("""<sch:pattern><sch:rule context="t:item[@n = '5']">
        <sch:report id="M" test="true()">Item <sch:value-of select="@n"/> is a
          <sch:name/> in <sch:name path=".."/>, <sch:emph>really</sch:emph>.</sch:report>
        </sch:rule></sch:pattern>""")
    assert found[0][2] == "Item 5 is a item in group, really."


def test_lets_in_schema_pattern_and_rule():
    body = """<sch:let name="limit" value="3"/>
        <sch:pattern><sch:let name="twice" value="2 * $limit"/>
        <sch:rule context="t:item"><sch:let name="n" value="xs:integer(@n)"/>
        <sch:assert id="LIMIT" test="$n le $limit">
          <sch:value-of select="$n"/> over <sch:value-of select="$limit"/>
          (double <sch:value-of select="$twice"/>)</sch:assert>
        </sch:rule></sch:pattern>"""
    assert [f[2] for f in run(body)] == ["4 over 3 (double 6)", "5 over 3 (double 6)"]


def test_a_schema_let_is_a_parameter_the_caller_can_set():
    body = """<sch:let name="colour" value="'blue'"/>
        <sch:pattern><sch:rule context="t:item[@colour]">
        <sch:assert id="COLOUR" test="@colour = $colour">not <sch:value-of select="$colour"/>
        </sch:assert></sch:rule></sch:pattern>"""
    assert [f[2] for f in run(body)] == ["not blue"]
    assert run(body, colour="red") == []


def test_in_a_pattern_only_the_first_matching_rule_fires():
    found = run("""<sch:pattern>
        <sch:rule context="t:item[@n = '4']"><sch:report id="FIRST" test="true()">1</sch:report>
        </sch:rule>
        <sch:rule context="t:item"><sch:report id="SECOND" test="true()">2</sch:report></sch:rule>
        </sch:pattern>""")
    assert [(f[0], f[3][0]) for f in found] == [("SECOND", 2), ("FIRST", 3), ("SECOND", 4)]


def test_each_pattern_sees_every_node():
    found = run("""<sch:pattern><sch:rule context="t:group">
        <sch:report id="A" test="true()">a</sch:report></sch:rule></sch:pattern>
        <sch:pattern><sch:rule context="t:group">
        <sch:report id="B" test="true()">b</sch:report></sch:rule></sch:pattern>""")
    assert [f[0] for f in found] == ["A", "B"]


def test_patterns_of_many_rules_keep_their_order_and_first_match():
    """Each node is visited once for all patterns: a long pattern's last rule still ranks
    above the next pattern's first, findings come pattern by pattern."""
    never = "".join(f"""<sch:rule context="t:item[@n = '{n}']">
        <sch:report id="NEVER" test="true()">-</sch:report></sch:rule>""" for n in (7, 8, 9))
    found = run(f"""<sch:pattern>{never}
        <sch:rule context="t:item"><sch:report id="A" test="true()">a</sch:report></sch:rule>
        <sch:rule context="t:item[@n = '4']"><sch:report id="SHADOWED" test="true()">-</sch:report>
        </sch:rule></sch:pattern>
        <sch:pattern><sch:rule context="t:item[@n = '4']">
        <sch:report id="B4" test="true()">b4</sch:report></sch:rule>
        <sch:rule context="t:item"><sch:report id="B" test="true()">b</sch:report></sch:rule>
        <sch:rule context="t:group"><sch:report id="G" test="true()">g</sch:report></sch:rule>
        </sch:pattern>""")
    assert [(f[0], f[3][0]) for f in found] == [
        ("A", 2), ("A", 3), ("A", 4), ("B", 2), ("B4", 3), ("G", 4), ("B", 4)]


def test_the_walk_visits_attributes_and_text_only_when_a_rule_can_match_them():
    from edition.schematron import _traversal

    assert _traversal(["t:item[@n = $wanted]", "t:group[text()]"]) == "*"
    assert _traversal(["t:item/@n"]) == "@*|*"
    assert _traversal(["t:item/text()"]) == "node()"
    assert _traversal(["t:item[@n = ']']/@n"]) == "@*|*"
    assert _traversal(["$nodes"]) == "@*|node()"


def test_attribute_context_points_at_the_attribute():
    found = run("""<sch:pattern><sch:rule context="t:item/@n">
        <sch:report id="FIVE" test=". = '5'">five</sch:report></sch:rule></sch:pattern>""")
    assert found == [("FIVE", "error", "five", (5, 7))]


def test_xsl_functions_in_the_schema_are_usable():
    found = run("""<sch:ns prefix="f" uri="urn:f"/>
        <xsl:function name="f:double" xmlns:f="urn:f"><xsl:param name="n"/>
          <xsl:sequence select="2 * xs:integer($n)"/></xsl:function>
        <sch:pattern><sch:rule context="t:item">
        <sch:assert id="F" test="f:double(@n) lt 9"><sch:value-of select="f:double(@n)"/>
        </sch:assert></sch:rule></sch:pattern>""")
    assert [f[2] for f in found] == ["10"]


def test_findings_are_kept_apart_per_document():
    compiled = Schematron(schema("""<sch:pattern><sch:rule context="t:item[@n = '4']">
        <sch:report id="FOUR" test="true()">four</sch:report></sch:rule></sch:pattern>"""))
    one = load_document(ITEMS.decode(), "file:///tmp/a.xml")
    two = load_document('<list xmlns="urn:t"/>', "file:///tmp/b.xml")
    assert [[f.rule for f in found] for found in compiled.validate([two, one, two])] == [
        [], ["FOUR"], []]


def test_values_asked_for_are_reported_per_document_with_the_schemas_lets():
    compiled = Schematron(schema("""<sch:let name="big" value="4"/>
        <sch:pattern><sch:rule context="t:item[@n = '4']">
        <sch:report id="FOUR" test="true()">four</sch:report></sch:rule></sch:pattern>"""),
        values={"big": "//t:item[xs:integer(@n) ge $big]/@n", "items": "count(//t:item)"})
    one = load_document(ITEMS.decode(), "file:///tmp/a.xml")
    two = load_document('<list xmlns="urn:t"/>', "file:///tmp/b.xml")
    findings, values = compiled.validate_with_values([one, two])
    assert [[f.rule for f in found] for found in findings] == [["FOUR"], []]
    assert values == [{"big": ["4", "5"], "items": ["3"]}, {"big": [], "items": ["0"]}]
    assert compiled.validate([one, two]) == findings


def test_a_value_needs_a_plain_name():
    with pytest.raises(SchematronError, match="plain word"):
        Schematron(schema('<sch:pattern><sch:rule context="t:item"/></sch:pattern>'),
                   values={"a b": "1"})


def test_run_alone_a_let_defaults_on_the_document():
    compiled = Schematron(schema("""<sch:let name="count" value="count(//t:item)"/>
        <sch:pattern><sch:rule context="t:list">
        <sch:report id="COUNT" test="true()"><sch:value-of select="$count"/> items</sch:report>
        </sch:rule></sch:pattern>"""))
    document = load_document(ITEMS.decode(), "file:///tmp/items.xml")
    assert [f.message for f in compiled.validate_alone(document)] == ["3 items"]


def test_the_stylesheet_is_built_as_a_tree_of_xslt():
    stylesheet = compile_schematron(schema("""<sch:pattern><sch:rule context="t:item">
        <sch:assert id="A" test="@n">x</sch:assert></sch:rule></sch:pattern>"""))
    root = stylesheet.getroot()
    assert root.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    assert root.get("version") == "3.0"
    assert root.xpath("//xsl:if/@test", namespaces={"xsl": root.nsmap["xsl"]}) == ["not(@n)"]


def test_a_compile_error_names_the_line_of_the_schematron(tmp_path):
    path = tmp_path / "bad.sch"
    path.write_text(f"""<sch:schema xmlns:sch="{SCH}" queryBinding="xslt3">
  <sch:pattern>
    <sch:rule context="item">
      <sch:assert id="X" test="no-such-function(.)">x</sch:assert>
    </sch:rule>
  </sch:pattern>
</sch:schema>""")
    with pytest.raises(SchematronError, match=r"bad\.sch:4: the rules do not compile: .*"
                                              r"no-such-function"):
        Schematron(path)


@pytest.mark.parametrize("body, complaint", [
    ('<sch:phase id="x"><sch:let name="a" value="1"/></sch:phase>',
     "sch:let in a phase is not supported"),
    ('<sch:phase><sch:active pattern="p"/></sch:phase>', "sch:phase needs @id"),
    ('<sch:phase id="x"><sch:active pattern="nowhere"/></sch:phase>',
     "sch:active names the pattern 'nowhere', which does not exist"),
    ('<sch:pattern abstract="true" id="a"/>', "abstract patterns"),
    ("<sch:pattern><sch:rule context='*'/></sch:pattern>", "at least one sch:assert"),
    ("<sch:pattern><sch:rule context='*'><sch:assert>x</sch:assert></sch:rule></sch:pattern>",
     "needs @test"),
])
def test_what_the_compiler_does_not_handle_is_refused(body, complaint):
    with pytest.raises(SchematronError, match=complaint):
        Schematron(schema(body))


PHASED = """
<sch:phase id="small"><sch:active pattern="sizes"/></sch:phase>
<sch:phase id="colours"><sch:active pattern="colours"/></sch:phase>
<sch:pattern id="sizes"><sch:rule context="t:item">
  <sch:assert id="SMALL" test="xs:integer(@n) lt 4">big</sch:assert></sch:rule></sch:pattern>
<sch:pattern id="colours"><sch:rule context="t:item[@colour]">
  <sch:report id="RED" test="@colour = 'red'">red</sch:report></sch:rule></sch:pattern>
"""


def _rules_found(compiled: Schematron) -> list[str]:
    [findings] = compiled.validate([load_document(ITEMS.decode(), "file:///tmp/items.xml")])
    return [(finding.rule, finding.pattern) for finding in findings]


@pytest.mark.parametrize("phase, extra, found", [
    ("small", "", [("SMALL", "sizes"), ("SMALL", "sizes")]),
    ("colours", "", [("RED", "colours")]),
    ("#ALL", 'defaultPhase="small"', [("SMALL", "sizes"), ("SMALL", "sizes"),
                                      ("RED", "colours")]),
    (None, 'defaultPhase="colours"', [("RED", "colours")]),
    (None, "", [("SMALL", "sizes"), ("SMALL", "sizes"), ("RED", "colours")]),
])
def test_a_phase_runs_its_active_patterns_only(phase, extra, found):
    compiled = Schematron(schema(PHASED, extra=extra), phase)
    assert _rules_found(compiled) == found
    assert compiled.pattern_ids == ["sizes", "colours"]


def test_an_unknown_phase_is_refused():
    with pytest.raises(SchematronError, match="there is no phase 'large' "
                                              r"\(phases: colours, small\)"):
        Schematron(schema(PHASED), "large")


def test_patterns_without_id_are_numbered_in_the_whole_schema():
    body = PHASED + """<sch:pattern><sch:rule context="t:group">
        <sch:report test="true()">g</sch:report></sch:rule></sch:pattern>"""
    compiled = Schematron(schema(body))
    assert compiled.pattern_ids == ["sizes", "colours", "pattern-3"]
    assert _rules_found(compiled)[-1] == ("pattern-3", "pattern-3")


def test_only_xslt_query_bindings_are_accepted():
    with pytest.raises(SchematronError, match="queryBinding 'xpath'"):
        Schematron(schema("", binding="xpath"))


def test_a_run_time_error_is_a_schematron_error():
    compiled = Schematron(schema("""<sch:pattern><sch:rule context="t:item">
        <sch:assert id="X" test="xs:date(@n)">x</sch:assert></sch:rule></sch:pattern>"""))
    document = load_document(ITEMS.decode(), "file:///tmp/items.xml")
    with pytest.raises(SchematronError, match="failed while running"):
        compiled.validate([document])


def test_source_map_finds_lines_and_columns():
    data = ("<?xml version='1.0' encoding='UTF-8'?>\n<r xmlns='urn:r'>\n"
            "  <a>Łódź</a><a\n     xml:id='x' b='2'>t</a>\n  <c xmlns=''/>\n</r>\n").encode()
    where = SourceMap(data)
    assert where.locate("/Q{urn:r}r[1]") == (2, 1)
    assert where.locate("/Q{urn:r}r[1]/Q{urn:r}a[2]") == (3, 14)
    assert where.locate("/Q{urn:r}r[1]/Q{urn:r}a[2]/@b") == (4, 17)
    assert where.locate(
        "/Q{urn:r}r[1]/Q{urn:r}a[2]/@Q{http://www.w3.org/XML/1998/namespace}id") == (4, 6)
    assert where.locate("/Q{urn:r}r[1]/Q{urn:r}a[1]/text()[1]") == (3, 3)
    assert where.locate("/Q{urn:r}r[1]/Q{}c[1]") == (5, 3)


def test_one_compile_serves_many_documents():
    compiled = Schematron(schema("""<sch:pattern><sch:rule context="t:item">
        <sch:assert id="SMALL" test="xs:integer(@n) lt 5">big</sch:assert>
        </sch:rule></sch:pattern>"""))
    documents = [load_document(ITEMS.decode(), f"file:///tmp/{i}.xml") for i in range(100)]
    results = compiled.validate(documents)
    assert len(results) == 100 and all(len(found) == 1 for found in results)


def test_schematron_file_path_is_accepted(tmp_path):
    path: Path = tmp_path / "ok.sch"
    path.write_bytes(etree.tostring(schema("""<sch:pattern><sch:rule context="t:item">
        <sch:report id="N" test="@n = '1'">one</sch:report></sch:rule></sch:pattern>""")))
    document = load_document(ITEMS.decode(), "file:///tmp/items.xml")
    assert [f.rule for f in Schematron(path).validate([document])[0]] == ["N"]
