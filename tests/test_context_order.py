"""Previous/next letters are ordered the way the rule CONTEXT-ORDER reads their dates."""

from __future__ import annotations

from lxml import etree

from edition.enrich.context import set_contexts
from edition.tei import TEI_NS

TEI = f"{{{TEI_NS}}}"


def letter(ident: str, **date: str) -> etree._Element:
    attributes = " ".join(f'{name}="{value}"' for name, value in date.items())
    return etree.fromstring(f"""<TEI xmlns="{TEI_NS}" xml:id="{ident}"><teiHeader>
      <fileDesc><titleStmt><title>{ident}</title></titleStmt></fileDesc>
      <profileDesc><correspDesc>
        <correspAction type="sent"><persName ref="psn:a">A</persName>
          <date {attributes}/></correspAction>
        <correspAction type="received"><persName ref="psn:b">B</persName></correspAction>
      </correspDesc></profileDesc></teiHeader><text><body><p/></body></text></TEI>""")


def neighbours(root: etree._Element) -> dict[str, str]:
    return {ref.get("type"): ref.get("target") for ref in root.iter(f"{TEI}ref")}


def test_a_letter_known_only_not_before_a_day_is_ordered_at_that_day():
    letters = {"early": letter("early", when="1942-07-03"),
               "bounded": letter("bounded", notBefore="1943-01-08", cert="low"),
               "late": letter("late", when="1944-02-01")}
    set_contexts(letters)
    assert neighbours(letters["bounded"]) == {"previous": "early.xml", "next": "late.xml"}


def test_a_letter_known_only_by_a_latest_day_is_ordered_there():
    letters = {"early": letter("early", when="1942-07-03"),
               "bounded": letter("bounded", notAfter="1943-01-08"),
               "late": letter("late", when="1944-02-01")}
    set_contexts(letters)
    assert neighbours(letters["bounded"]) == {"previous": "early.xml", "next": "late.xml"}
