"""The CMIF export: the edition's correspondence metadata for correspSearch.

``xslt/export/cmif.xsl`` maps the letters onto CMIF 1.1; this module keeps the
file stable for harvesters. Its ``publicationStmt/date`` is the day the
content last changed: the new export is compared with the previously
published file, and when nothing but the date would differ the old file is
kept byte for byte, so a harvester never re-ingests an unchanged edition.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..convert import Project
from ..store import atomic_write
from ..tei import TEI_NS, parse_file
from ..xslt import Transformer
from . import BuildError, WriterContext

STYLESHEET = "export/cmif.xsl"
#: Authority files correspSearch accepts without a warning (persons and organisations; places).
ACCEPTED = ("viaf.org/", "d-nb.info/gnd/", "lccn.loc.gov/", "catalogue.bnf.fr/", "id.ndl.go.jp/")
ACCEPTED_PLACES = ("geonames.org/",)
NS = {"tei": TEI_NS}


@dataclass
class CmifExport:
    """The file's bytes and what editors should know about it."""

    data: bytes
    descriptions: int
    correspondents: int
    correspondents_identified: int
    warnings: list[str] = field(default_factory=list)
    unchanged: bool = False


def base_url(project: Project) -> str:
    """The public base URL an editor set in ``tei/edition.xml``."""
    root = parse_file(project.edition_file).getroot()
    found = root.xpath("string(tei:teiHeader/tei:fileDesc/tei:publicationStmt/"
                       "tei:idno[@type='URL'][1])", namespaces=NS).strip()
    if not found:
        raise BuildError(f"{project.edition_file}: no public base URL; an editor sets it in "
                         "teiHeader/fileDesc/publicationStmt/idno[@type='URL']")
    return found


def source_id(url: str) -> str:
    """A UUID (as CMIF recommends) that stays the same as long as the base URL does."""
    return "cmif-" + str(uuid.uuid5(uuid.NAMESPACE_URL, url.rstrip("/") + "/cmif.xml"))


def published_date(data: bytes) -> str | None:
    """The ``publicationStmt/date/@when`` of a CMIF file; None if it cannot be read."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    found = root.xpath("string(tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date/@when)",
                       namespaces=NS)
    return found if re.fullmatch(r"\d{4}-\d{2}-\d{2}", found) else None


def export_cmif(project: Project, transformer: Transformer, previous: bytes | None = None,
                today: datetime.date | None = None) -> CmifExport:
    """The CMIF file of the edition; ``previous`` is the file as last published, if any."""
    parameters = {"tei-dir": project.tei.resolve().as_uri() + "/",
                  "source-id": source_id(base_url(project))}

    def render(date: str) -> bytes:
        text = transformer.run_to_string(STYLESHEET, project.edition_file,
                                         {**parameters, "date": date})
        return text.encode("utf-8")

    unchanged = False
    old_date = published_date(previous) if previous else None
    data = render(old_date) if old_date else b""
    if old_date and data == previous:
        unchanged = True
    else:
        data = render((today or datetime.datetime.now(datetime.UTC).date()).isoformat())
    return summarise(data, unchanged)


def summarise(data: bytes, unchanged: bool) -> CmifExport:
    """Count the descriptions and list the names archives cannot link."""
    root = etree.fromstring(data)
    descriptions = root.findall(".//tei:profileDesc/tei:correspDesc", NS)
    warnings: list[str] = []
    correspondents: dict[str, bool] = {}
    places: dict[str, bool] = {}
    for name in root.iterfind(".//tei:correspAction/*", NS):
        local = etree.QName(name).localname
        if local == "date":
            continue
        ref = name.get("ref", "")
        label = " ".join((name.text or "").split())
        if local == "placeName":
            places[label] = places.get(label, False) or any(a in ref for a in ACCEPTED_PLACES)
        else:
            correspondents[label] = correspondents.get(label, False) or any(
                a in ref for a in ACCEPTED)
    for comment in root.iter(etree.Comment):
        if comment.text and comment.text.strip().startswith("not exported:"):
            warnings.append(" ".join(comment.text.split())
                            + "; CMIF requires both, so correspSearch will not list it")
    for label, accepted in sorted(correspondents.items()):
        if not accepted:
            warnings.append(f"correspondent '{label}' has no identifier correspSearch accepts "
                            "(VIAF, GND, LC, BnF, NDL); add one to its register entry")
    for label, accepted in sorted(places.items()):
        if not accepted:
            warnings.append(f"place '{label}' has no GeoNames identifier; "
                            "add one to its register entry")
    return CmifExport(data=data, descriptions=len(descriptions),
                      correspondents=len(correspondents),
                      correspondents_identified=sum(correspondents.values()),
                      warnings=warnings, unchanged=unchanged)


def read_previous(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    """``cmif/cmif.xml`` and ``html/cmif.xml``, stable while the letters are unchanged.

    The staging root is made inside the output folder (``build.py``), so the
    file published last is found beside it.
    """
    previous = read_previous(staging.parent / "cmif" / "cmif.xml")
    export = export_cmif(context.project, context.transformer, previous)
    for relpath in ("cmif/cmif.xml", "html/cmif.xml"):
        atomic_write(staging / relpath, export.data)
    return {"descriptions": export.descriptions, "warnings": export.warnings,
            "correspondents": export.correspondents,
            "identified": export.correspondents_identified}
