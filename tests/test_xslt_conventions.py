"""How the stylesheets call the functions they mark ``cache="yes"``.

Saxon HE answers a call of such a function from what it remembers only when the
call is made from a template or through a function reference (``name#arity(…)``):
a plain call from inside another ``xsl:function`` works the result out again every
time. So a look-up meant to be made once (a register entry from a folder, a prefix's
expansion, a document's note markers) was made once per name or marker.
"""

from __future__ import annotations

import re

from lxml import etree

from edition.schematron import XSL_NS as XSL
from edition.xslt import processor

from .conftest import ROOT

#: Every stylesheet of the project, the rules' functions included.
SHEETS = sorted(ROOT.glob("xslt/**/*.xsl")) + [ROOT / "schema" / "edition.sch"]

REMEMBERED = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:f="urn:f" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xsl:function name="f:worked-out" as="xs:string" cache="yes">
    <xsl:param name="s" as="xs:string"/>
    <xsl:message select="'working out ' || $s"/>
    <xsl:sequence select="upper-case($s)"/>
  </xsl:function>
  <xsl:function name="f:asks" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="f:worked-out#1($s)"/>
  </xsl:function>
  <xsl:template name="xsl:initial-template">
    <xsl:value-of select="for $k in 1 to 3 return f:asks('a')"/>
  </xsl:template>
</xsl:stylesheet>
"""


def test_a_function_asking_through_a_reference_is_answered_from_what_saxon_remembers(tmp_path):
    sheet = tmp_path / "remembered.xsl"
    sheet.write_text(REMEMBERED, encoding="utf-8")
    executable = processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(sheet))
    executable.set_save_xsl_message(True, None)
    assert executable.call_template_returning_string(None).endswith("A A A")
    messages = executable.get_xsl_messages()
    assert [str(message) for message in messages] == ["working out a"]  # once, not 3 times


def test_functions_call_the_cached_ones_through_a_reference():
    trees = {sheet: etree.parse(str(sheet), etree.XMLParser(collect_ids=False)) for sheet in SHEETS}
    functions = [(sheet, function) for sheet, tree in trees.items()
                 for function in tree.iter(f"{{{XSL}}}function")]
    cached = {function.get("name") for _, function in functions
              if function.get("cache") in ("yes", "full", "partial")}
    assert "ed:ref-targets" in cached and "e:pointer-outcome" in cached
    plain_call = re.compile(r"(?<![\w:#$.-])(" + "|".join(map(re.escape, cached)) + r")\s*\(")
    found = [f"{sheet.relative_to(ROOT)}:{element.sourceline} "
             f"({function.get('name')}): {call.group(1)}(…)"
             for sheet, function in functions for element in function.iter()
             if isinstance(element.tag, str)
             for value in element.attrib.values() for call in plain_call.finditer(value)]
    assert not found, "write these calls as name#arity(…):\n" + "\n".join(found)
