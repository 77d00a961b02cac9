"""The header of a FRUS document: who sent it to whom, when, and how sure that is.

correspAction elements (sent, transmitted, received) with the printed names
or offices and dates as ``@when``, ``@from``/``@to`` or ``@notBefore``/``@notAfter``
with ``@cert`` and ``@evidence`` where the date is inferred or supplied.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..dates import english_long
from ..tei import E
from .frus_heading import Party


@dataclass
class Dating:
    """What a correspAction says about when and where (and how sure that is)."""

    when: str | None = None
    place: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    cert: str | None = None
    #: "external" when the editors of FRUS supplied the date in brackets.
    evidence: str | None = None

    #: A span of the day ("6:30 to 8:30 p.m."): ISO from and to.
    span: tuple[str, str] | None = None
    #: Who the document was handed to (a transmitted action).
    recipient: str | None = None

    @property
    def dated(self) -> bool:
        return bool(self.when or self.not_before or self.not_after or self.span)


def names_of(people: list[Party]) -> list[etree._Element]:
    """persName for each party: the printed name, else the office as printed.

    An office ("the Secretary of State") stands for a person; the name-linking
    pass resolves it through the registers' dated roles.
    """
    return [E.persName(p.name or p.office or p.role or "") for p in people]


def date_element(dating: Dating) -> etree._Element:
    """date with @when, @from/@to or @notBefore/@notAfter, and @cert/@evidence if inferred."""
    date = E.date()
    if dating.when:
        date.set("when", dating.when)
    elif dating.span:
        date.set("from", dating.span[0])
        date.set("to", dating.span[1])
    else:
        if dating.not_before:
            date.set("notBefore", dating.not_before)
        if dating.not_after:
            date.set("notAfter", dating.not_after)
    if dating.cert:
        date.set("cert", dating.cert)
    if dating.evidence:
        date.set("evidence", dating.evidence)
    return date


def corresp_action(kind: str, names: list[etree._Element],
                   dating: Dating) -> etree._Element | None:
    """One correspAction in the order CMIF expects (names, place, date), or None if empty."""
    if not names and not dating.dated:
        return None
    action = E.correspAction(*names, type=kind)
    if dating.place:
        action.append(E.placeName(dating.place))
    if dating.dated:
        action.append(date_element(dating))
    return action


def corresp_desc(senders: list[Party], addressees: list[Party], sent: Dating,
                 received: Dating, transmitted: Dating | None = None) -> etree._Element:
    """correspDesc: sent, transmitted (handed over for delivery), received."""
    desc = E.correspDesc()
    actions = [corresp_action("sent", names_of(senders), sent)]
    if transmitted is not None:
        people = [E.persName(transmitted.recipient)] if transmitted.recipient else []
        actions.append(corresp_action("transmitted", people, transmitted))
    actions.append(corresp_action("received", names_of(addressees), received))
    for action in actions:
        if action is not None:
            desc.append(action)
    return desc


def provisional_title(senders: list[Party], addressees: list[Party], sent: Dating,
                      received: Dating) -> str:
    """A title from the printed name forms; the titles pass replaces it with register names."""
    who = (f"{' and '.join(p.label for p in senders) or 'Unknown'} to "
           f"{' and '.join(p.label for p in addressees) or 'unknown'}")
    when = sent.when or (sent.span[0] if sent.span else None) or received.when
    return f"{who}, {english_long(when) if when else 'undated'}"
