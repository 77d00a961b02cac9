"""Dates of a FRUS document: the dateline's date, FRUS's computed range, "[Received …]" lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..dates import find_date_time
from ..tei import normalize_space
from .frus_source import FRUS_NS, NS

RECEIVED = re.compile(r"\[\s*Received\b(?P<text>[^\]]*)\]", re.IGNORECASE)
OFFSET = re.compile(r"([+-]\d{2}:\d{2}|Z)$")


@dataclass
class DocumentDates:
    """When the document was sent (exact, or a range) and received, as ISO 8601."""

    sent: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    received: str | None = None
    #: the dateline's date element (to mark the received line next to it)
    dateline: etree._Element | None = None


def document_dates(div: etree._Element) -> DocumentDates:
    dates = DocumentDates()
    datelines = div.xpath(".//tei:dateline[not(ancestor::tei:note)]", namespaces=NS)
    dates.dateline = datelines[0] if datelines else None
    whens = div.xpath(".//tei:dateline[not(ancestor::tei:note)]/tei:date/@when", namespaces=NS)
    low = div.get(f"{{{FRUS_NS}}}doc-dateTime-min")
    high = div.get(f"{{{FRUS_NS}}}doc-dateTime-max")
    if whens:
        dates.sent = with_offset(str(whens[0]), low)
    elif low and high:
        dates.not_before, dates.not_after = low[:10], high[:10]
    if dates.dateline is not None:
        found = RECEIVED.search(normalize_space("".join(dates.dateline.itertext())))
        year = int((dates.sent or dates.not_before or "0")[:4]) or None
        if found and year:
            dates.received = received_date(found.group("text"), year, dates.sent)
    return dates


def with_offset(when: str, frus_min: str | None) -> str:
    """A dateline time gets FRUS's time-zone offset for that day, when FRUS records one."""
    if "T" not in when or OFFSET.search(when) or not frus_min:
        return when
    offset = OFFSET.search(frus_min)
    if offset and frus_min[:10] == when[:10]:
        return when + offset.group(1)
    return when


def received_date(text: str, year: int, sent: str | None) -> str | None:
    """'October 17—9:15 a.m.' in the year of sending (or the next, across New Year)."""
    found = find_date_time(normalize_space(text), year)
    if not found:
        return None
    value = found[1]
    if sent and value[:10] < sent[:10]:
        again = find_date_time(normalize_space(text), year + 1)
        value = again[1] if again else value
    return value
