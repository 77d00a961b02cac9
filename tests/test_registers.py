"""The registers: persons, places, organisations and the bibliography (tei/registers/).

They are the edition's only source of name forms (the name linker matches running
text against them), so the hard cases are pinned here: people who share a surname,
misspelt and wrong name forms kept as such, the editorial commission of the Soviet
volume, identifiers of the right shape and never shared, and forms that really are
in the sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest
from lxml import etree

from edition.validate import validate

from .conftest import ROOT, SHARED

REGISTERS = ROOT / "tei" / "registers"
FILES = ("persons", "places", "orgs", "bibliography")
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SOURCES = sorted((ROOT / "sources").glob("*.txt")) + sorted((SHARED / "frus-gold").glob("*.txt"))

#: (entry element, name element) of each name register
NAMED = {"persons": ("person", "persName"), "places": ("place", "placeName"),
         "orgs": ("org", "orgName")}

#: The USSR Foreign Ministry Commission on the title page of the Soviet volume.
COMMISSION = {
    "gromyko": "A. A. Gromyko", "zemskov": "I. N. Zemskov", "deyev": "G. K. Deyev",
    "dolgikh": "F. I. Dolgikh", "zhilin": "P. A. Zhilin", "zamyatin": "L. M. Zamyatin",
    "kondrashov": "S. A. Kondrashov", "lavrov": "V. S. Lavrov",
    "narochnitsky": "A. L. Narochnitsky", "sanakoyev": "Sh. P. Sanakoyev",
    "sevostyanov": "P. P. Sevostyanov", "tikhvinsky": "S. L. Tikhvinsky",
    "tropkin": "N. V. Tropkin", "khromov": "S. S. Khromov", "chernyakov": "Y. N. Chernyakov",
    "chkhikvishvili": "I. I. Chkhikvishvili",
}

#: Ids other code depends on (letters, readers, stylesheets).
KEPT_PERSON_IDS = {"stalin", "roosevelt-franklin", "churchill", "hopkins", "harriman", "vyshinsky",
                   "steinhardt", "beaverbrook", "wardwell", "kolesnikov", "chiang-kai-shek",
                   "litvinov", "eden"}

SOURCE_BIBL_IDS = {"sov2", "frus1941v01", "frus1942v03", "frus1943v03", "frus1942China",
                   "frus1943China", "frus1944Quebec"}


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def roots() -> dict[str, etree._Element]:
    return {name: etree.parse(str(REGISTERS / f"{name}.xml")).getroot() for name in FILES}


@pytest.fixture(scope="module")
def persons(roots) -> dict[str, etree._Element]:
    return {p.get(XML_ID): p for p in roots["persons"].iterfind(".//tei:person", NS)}


def variants(entry: etree._Element, tag: str = "persName") -> dict[str, str | None]:
    """Variant form → its subtype (None for a correct form)."""
    return {text_of(n): n.get("subtype")
            for n in entry.iterfind(f"tei:{tag}[@type='variant']", NS)}


# -- the files --------------------------------------------------------------------------------

def test_registers_are_valid_against_the_edition_schema():
    files, problems = validate([REGISTERS], ROOT / "schema")
    assert len(files) == len(FILES)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("name", FILES)
def test_root_id_is_the_file_stem(roots, name):
    assert roots[name].get(XML_ID) == name


def test_counts(roots):
    count = {name: len(roots[name].xpath(f"//tei:{tag}", namespaces=NS))
             for name, tag in (("persons", "person"), ("places", "place"), ("orgs", "org"),
                               ("bibliography", "bibl"))}
    assert count["persons"] >= 95
    assert count["places"] >= 97
    assert count["orgs"] >= 83
    assert count["bibliography"] >= 29


def test_every_xml_id_is_unique_across_the_four_registers(roots):
    seen = defaultdict(list)
    for name, root in roots.items():
        for element in root.iter():
            if element.get(XML_ID):
                seen[element.get(XML_ID)].append(name)
    assert {i: where for i, where in seen.items() if len(where) > 1} == {}


def test_new_ids_are_lower_case_and_the_old_ones_kept(persons, roots):
    assert set(persons) >= KEPT_PERSON_IDS
    for name in ("persons", "places", "orgs"):
        tag = NAMED[name][0]
        for entry in roots[name].iterfind(f".//tei:{tag}", NS):
            assert re.fullmatch(r"[a-z][a-z0-9-]*", entry.get(XML_ID)), entry.get(XML_ID)


def test_every_entry_has_one_regularised_name_and_a_description(roots):
    for name, (tag, name_tag) in NAMED.items():
        for entry in roots[name].iterfind(f".//tei:{tag}", NS):
            assert len(entry.findall(f"tei:{name_tag}[@type='reg']", NS)) == 1, entry.get(XML_ID)
            first_note = entry.find("tei:note", NS)
            # the web edition shows the first note as the entry's description
            assert first_note is not None and first_note.get("type") is None, entry.get(XML_ID)
            assert text_of(first_note)


# -- identifiers ------------------------------------------------------------------------------

def test_identifiers_have_the_right_shape_and_are_never_shared(roots):
    shapes = {"wikidata": r"Q[1-9]\d*", "geonames": r"[1-9]\d*"}
    owners = defaultdict(set)
    for root in roots.values():
        for idno in root.iterfind(".//tei:idno", NS):
            kind = idno.get("type")
            assert kind in shapes, f"unexpected idno type {kind!r}"
            value = text_of(idno)
            assert re.fullmatch(shapes[kind], value), f"{kind} {value!r}"
            owners[(kind, value)].add(idno.getparent().get(XML_ID))
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_certain_wikidata_identifiers(persons):
    def wikidata(ident):
        return [text_of(i) for i in persons[ident].iterfind("tei:idno[@type='wikidata']", NS)]

    assert wikidata("stalin") == ["Q855"]
    assert wikidata("roosevelt-franklin") == ["Q8007"]
    assert wikidata("churchill") == ["Q8016"]
    assert wikidata("roosevelt-elliott") == []  # not certain: better none than a wrong one


def test_coordinates_are_latitude_and_longitude(roots):
    for geo in roots["places"].iterfind(".//tei:location/tei:geo", NS):
        latitude, longitude = (float(v) for v in text_of(geo).split())
        assert -90 <= latitude <= 90 and -180 <= longitude <= 180


# -- name forms -------------------------------------------------------------------------------

def test_no_name_form_belongs_to_two_entries(roots):
    """A shared form would never be linked (the linker does not guess); keep them apart."""
    owners = defaultdict(set)
    for name, (tag, name_tag) in NAMED.items():
        for entry in roots[name].iterfind(f".//tei:{tag}", NS):
            for form in variants(entry, name_tag):
                owners[form].add(f"{name}:{entry.get(XML_ID)}")
    assert {form: who for form, who in owners.items() if len(who) > 1} == {}


def test_subtypes_mark_only_misspellings_and_errors(roots):
    for name, (_, name_tag) in NAMED.items():
        for form in roots[name].iterfind(f".//tei:{name_tag}[@subtype]", NS):
            assert form.get("type") == "variant"
            assert form.get("subtype") in {"misspelling", "error"}


def test_offices_are_roles_with_a_span_never_variants(roots, persons):
    forbidden = {"the President", "The President", "President", "Mr President", "the Ambassador",
                 "the Secretary of State", "the Prime Minister", "the Chargé"}
    for entry in roots["persons"].iterfind(".//tei:person", NS):
        assert not forbidden & set(variants(entry)), entry.get(XML_ID)
    roles = {(p.get(XML_ID), text_of(r), r.get("from"), r.get("to"))
             for p in persons.values() for r in p.iterfind("tei:persName[@type='role']", NS)}
    assert ("roosevelt-franklin", "the President", "1933-03-04", "1945-04-12") in roles
    assert ("truman", "the President", "1945-04-12", "1953-01-20") in roles
    assert ("hull", "the Secretary of State", "1933-03-04", "1944-11-30") in roles


@pytest.mark.skipif(not (SHARED / "frus-gold").is_dir(), reason="the FRUS documents are absent")
def test_every_variant_is_found_in_the_sources(roots):
    """Variants record the forms actually printed, not forms an editor imagines."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    missing = [(name, entry.get(XML_ID), form)
               for name, (tag, name_tag) in NAMED.items()
               for entry in roots[name].iterfind(f".//tei:{tag}", NS)
               for form in variants(entry, name_tag) if form not in sources]
    assert missing == []


# -- the hard cases ---------------------------------------------------------------------------

def test_elliott_roosevelt_is_not_his_father(persons):
    elliott, franklin = persons["roosevelt-elliott"], persons["roosevelt-franklin"]
    assert variants(elliott)["Elliott Roosevelt"] is None
    assert variants(elliott)["Elliot Roosevelt"] == "misspelling"
    assert "Roosevelt" not in variants(elliott)
    assert "Roosevelt" in variants(franklin)
    ambiguity = elliott.find("tei:note[@type='ambiguity']", NS)
    assert ambiguity is not None and "Roosevelt" in text_of(ambiguity)


def test_misspelt_and_wrong_forms_belong_to_the_person_meant(persons):
    assert variants(persons["harriman"])["Averill Harriman"] == "misspelling"
    assert variants(persons["harriman"])["Averell Harriman"] is None
    assert variants(persons["hopkins"])["Henry Hopkins"] == "error"
    assert variants(persons["hopkins"])["Harry L. Hopkins"] is None
    assert variants(persons["schulenburg"])["Schulenberg"] == "misspelling"
    assert variants(persons["caffery"])["Jefferson Caffrey"] == "misspelling"
    assert variants(persons["baillie"])["Hugh Bailey"] == "misspelling"
    assert "Vyshinskii" in variants(persons["vyshinsky"])


def test_forms_from_the_frus_documents(persons):
    assert "Lt. Alison" in variants(persons["alison"])
    assert "Generalissimo Chiang Kai-shek" in variants(persons["chiang-kai-shek"])
    assert "Andrey Andreyevich Gromyko" in variants(persons["gromyko"])
    for ident in ("gauss", "henderson", "standley", "molotov", "mikoyan", "hull", "schoenfeld",
                  "mikolajczyk", "winant", "kesselring", "brown", "clark-kerr", "vincent", "ray",
                  "thompson", "bradley", "marshall", "reinhardt"):
        assert ident in persons, ident


def test_the_sixteen_members_of_the_soviet_editorial_commission(persons):
    for ident, printed in COMMISSION.items():
        assert ident in persons, ident
        assert printed in variants(persons[ident]), (ident, printed)


def test_kuibyshev_has_its_modern_name_and_teheran_is_tehran(roots):
    places = {p.get(XML_ID): p for p in roots["places"].iterfind(".//tei:place", NS)}
    modern = places["kuibyshev"].find("tei:placeName[@type='modern']", NS)
    assert modern is not None and text_of(modern) == "Samara"
    assert {"Tehran", "Teheran"} <= set(variants(places["tehran"], "placeName"))


# -- the bibliography -------------------------------------------------------------------------

def essay_ids() -> set[str]:
    """surname-year of every entry of the essay's printed bibliography, as its reader makes them."""
    essay = (ROOT / "sources" / "essay-wesser-2021.txt").read_text(encoding="utf-8")
    listing = essay.split("BIBLIOGRAPHY", 1)[1]
    ids = set()
    for line in listing.splitlines():
        line = re.sub(r"<?https?://\S+", "", line).strip()
        if "," not in line or line.isupper():
            continue
        surname = line.split(",", 1)[0]
        years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", line)
        folded = unicodedata.normalize("NFKD", surname)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
        ids.add(f"{re.sub(r'[^a-z0-9]+', '-', folded).strip('-')}-{years[-1]}")
    return ids


def test_bibliography_has_the_essays_works_and_the_editions_sources(roots):
    ids = {b.get(XML_ID) for b in roots["bibliography"].iterfind(".//tei:bibl", NS)}
    expected = essay_ids()
    assert len(expected) == 19
    assert expected <= ids, sorted(expected - ids)
    assert {"butler-2006", "butler-2015", "roosevelt-1946", "siegel-1996", "ree-2002",
            "craig-2009", "kennan-1947", "wells-1934", "churchill-1946"} <= ids
    assert ids >= SOURCE_BIBL_IDS


def test_bibliography_entries_are_structured(roots):
    bibls = {b.get(XML_ID): b for b in roots["bibliography"].iterfind(".//tei:bibl", NS)}
    butler = bibls["butler-2015"]
    assert butler.findtext("tei:author/tei:persName/tei:surname", namespaces=NS) == "Butler"
    assert butler.findtext("tei:author/tei:persName/tei:forename", namespaces=NS) == "Susan"
    assert butler.find("tei:title[@level='m']", NS) is not None
    assert butler.find("tei:date", NS).get("when") == "2015"
    assert bibls["butler-2006"].find("tei:editor", NS) is not None
    kennan = bibls["kennan-1947"]
    assert kennan.find("tei:title[@level='a']", NS) is not None
    assert text_of(kennan.find("tei:title[@level='j']", NS)) == "Foreign Affairs"
    scopes = {s.get("unit"): s for s in kennan.iterfind("tei:biblScope", NS)}
    assert text_of(scopes["volume"]) == "25" and text_of(scopes["issue"]) == "4"
    assert (scopes["page"].get("from"), scopes["page"].get("to")) == ("566", "582")
    assert kennan.find("tei:ref", NS).get("target").startswith("https://")
    for ident in SOURCE_BIBL_IDS:
        entry = bibls[ident]
        assert entry.find("tei:title", NS) is not None, ident
        assert entry.find("tei:publisher", NS) is not None, ident
        assert entry.find("tei:pubPlace", NS) is not None, ident


def test_bibliography_pointers_resolve(roots):
    ids = {prefix: {e.get(XML_ID) for e in roots[name].iter() if e.get(XML_ID)}
           for prefix, name in (("psn", "persons"), ("plc", "places"), ("org", "orgs"),
                                ("bib", "bibliography"))}
    for element in roots["bibliography"].iterfind(".//*[@ref]", NS):
        prefix, _, ident = element.get("ref").partition(":")
        assert ident in ids[prefix], element.get("ref")

