"""A small ISO Schematron compiler: the schema becomes an XSLT 3.0 stylesheet run by Saxon.

Why our own: no installable engine runs Schematron with the ``xslt2``/``xslt3``
query binding on Python 3.11 (SchXslt is on no registry, ``lxml.isoschematron``
is XSLT 1 only), and the edition's rules need XPath 3 (maps, regular
expressions, dates). The subset compiled here:

- ``sch:ns`` (``xs``, ``map``, ``array`` and ``math`` are predeclared);
  ``sch:title`` and ``sch:p`` are documentation and ignored;
- ``sch:let`` in the schema (a global: it becomes an ``xsl:param`` whose
  default is the let's value, so a caller can supply it, e.g. the documents of
  the whole edition), in a pattern and in a rule (evaluated with the rule's
  context node);
- ``sch:pattern`` with ``sch:rule`` (in each pattern a node fires only the
  first rule whose context it matches), ``sch:assert``, ``sch:report`` with
  ``@id``, ``@role`` (default: the rule's role, else ``error``);
- messages with text, ``sch:value-of``, ``sch:name``, ``sch:emph``,
  ``sch:dir``, ``sch:span``;
- ``sch:phase`` with ``sch:active`` (``@pattern``): a stylesheet is compiled
  for one phase (``Schematron(..., phase=ID)``), else for the schema's
  ``@defaultPhase``, else for ``#ALL`` patterns; a phase or an active pattern
  that does not exist is an error;
- ``xsl:function`` and ``xsl:key`` children of ``sch:schema``, copied as they are;
- besides the findings, named values a caller asks for (``values``: name →
  XPath, evaluated on each document after its rules, with the schema's lets
  and functions in scope), e.g. which other files a document's findings read.

Each document is walked once for all the patterns, not once per pattern: every
rule is a template of one mode, ordered by pattern and by rule, and a node's
matching rules hand on to each other (``xsl:next-match``), a rule standing
aside when an earlier rule of its pattern has fired. Findings are reported
pattern by pattern, as a walk per pattern would give them.

Anything else in the Schematron namespace (lets in phases, abstract patterns
and rules, diagnostics, includes) is refused with ``SchematronError`` rather than
silently ignored. The stylesheet reports findings as a small XML document::

    <findings><document index="1">
      <finding rule="REF-RESOLVES" role="error" kind="assert" pattern="refs"
               location="/Q{…}TEI[1]/…/@ref">message</finding>
      <value name="reads">file:/…/registers/persons.xml</value>
    </document></findings>

``location`` is the context node's ``fn:path()``; ``SourceMap`` turns it into
a line and column of the source file, because Saxon HE has no
``saxon:line-number()``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from saxonche import PyDocumentBuilder, PySaxonApiError, PyXdmNode, PyXdmValue

from .xslt import processor

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
#: The compiler's own names in the stylesheet (modes, parameters, entry template).
SX_NS = "urn:x-edition:schematron"

QUERY_BINDINGS = ("xslt2", "xslt3")
DOCUMENTS_PARAM = f"{{{SX_NS}}}documents"
ENTRY_TEMPLATE = f"{{{SX_NS}}}validate"
#: The one mode every rule is a template of, and the parameter saying which pattern has fired.
MODE = "sx:rules"
FIRED = "sx:fired"
#: Prefixes every XPath 3 user expects, declared unless the schema's sch:ns says otherwise.
PREDECLARED = {
    "xs": "http://www.w3.org/2001/XMLSchema",
    "map": "http://www.w3.org/2005/xpath-functions/map",
    "array": "http://www.w3.org/2005/xpath-functions/array",
    "math": "http://www.w3.org/2005/xpath-functions/math",
}
#: Schematron elements without effect on validation.
IGNORED = {"title", "p"}


class SchematronError(Exception):
    """The schema cannot be compiled or run; the message says where and why."""


@dataclass(frozen=True)
class Finding:
    """A failed assert or a successful report, for one document."""

    document: int
    rule: str
    role: str
    kind: str
    pattern: str
    location: str
    message: str


def sch(tag: str) -> str:
    return f"{{{SCH_NS}}}{tag}"


def xsl(tag: str) -> str:
    return f"{{{XSL_NS}}}{tag}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _avt(text: str) -> str:
    """A literal string as an attribute value template (braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


#: The phase made of every pattern.
ALL_PHASE = "#ALL"


class _Compiler:
    """Builds the stylesheet with lxml; remembers which .sch line each XSLT element comes from."""

    def __init__(self, schema: etree._Element, source: str, phase: str | None = None,
                 values: Mapping[str, str] | None = None) -> None:
        self.schema = schema
        self.source = source
        self.phase = phase
        self.values = dict(values or {})
        self.namespaces: dict[str, str] = {"xsl": XSL_NS, "sx": SX_NS, **PREDECLARED}
        #: Every pattern's id, in the schema's order (the order findings are reported in).
        self.pattern_ids: list[str] = []

    def fail(self, element: etree._Element, message: str) -> SchematronError:
        return SchematronError(f"{self.source}:{element.sourceline or '?'}: {message}")

    def add(self, parent: etree._Element, tag: str, source: etree._Element | None = None,
            **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, xsl(tag), {k.replace("_", "-"): v
                                                      for k, v in attributes.items()})
        if source is not None and source.sourceline:
            # An extension attribute is allowed on any XSLT element: compile errors map back.
            element.set(f"{{{SX_NS}}}line", str(source.sourceline))
        return element

    def compile(self) -> etree._ElementTree:
        schema = self.schema
        if schema.tag != sch("schema"):
            raise self.fail(schema, f"the root is <{schema.tag}>, not sch:schema")
        binding = schema.get("queryBinding", "xslt")
        if binding.lower() not in QUERY_BINDINGS:
            raise self.fail(schema, f"queryBinding '{binding}' is not supported; use 'xslt3'")
        for ns in schema.iter(sch("ns")):
            prefix, uri = ns.get("prefix"), ns.get("uri")
            if not prefix or uri is None:
                raise self.fail(ns, "sch:ns needs @prefix and @uri")
            self.namespaces[prefix] = uri
        root = etree.Element(xsl("stylesheet"), nsmap=self.namespaces)
        root.set("version", "3.0")
        root.set("exclude-result-prefixes", "#all")
        if schema.base:
            # Relative URIs in the rules (doc(), resolve-uri()) resolve against the .sch file.
            base = schema.base
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", base):
                base = Path(base).resolve().as_uri()
            root.set("{http://www.w3.org/XML/1998/namespace}base", base)
        self.add(root, "output", method="xml", indent="no")

        patterns: list[etree._Element] = []
        phases: dict[str, etree._Element] = {}
        for child in schema:
            if not isinstance(child.tag, str):
                continue
            namespace = etree.QName(child).namespace
            if namespace == XSL_NS and _local(child) in ("function", "key"):
                root.append(_copy(child))
            elif namespace != SCH_NS:
                continue  # foreign documentation
            elif _local(child) == "let":
                self.global_let(root, child)
            elif _local(child) == "pattern":
                patterns.append(child)
            elif _local(child) == "phase":
                self.check_phase(child)
                phases[child.get("id", "")] = child
            elif _local(child) not in IGNORED | {"ns"}:
                raise self.fail(child, f"sch:{_local(child)} is not supported by this compiler")

        self.pattern_ids = [pattern.get("id", f"pattern-{number}")
                            for number, pattern in enumerate(patterns, start=1)]
        active = self.active_patterns(phases, set(self.pattern_ids))
        chosen = [(pattern, pattern_id) for pattern, pattern_id
                  in zip(patterns, self.pattern_ids, strict=True) if pattern_id in active]
        self.add(root, "param", name="sx:documents", select="()")
        self.entry_points(root)
        rules = [(pattern_id, *self.rules_of(pattern)) for pattern, pattern_id in chosen]
        # Priorities: every rule of a pattern above every rule of the patterns after it, and
        # in a pattern, each rule above the rules after it.
        width = max((len(found) for _, _, found in rules), default=0) + 1
        contexts = []
        for number, (pattern_id, lets, found) in enumerate(rules, start=1):
            top = (len(rules) - number + 1) * width
            for position, rule in enumerate(found):
                self.rule(root, rule, number, pattern_id, lets, top - position)
                contexts.append(rule.get("context", ""))
        fallback = self.add(root, "template", match="document-node()|node()|@*", mode=MODE,
                            priority="-10")
        self.add(fallback, "apply-templates", select=_traversal(contexts), mode=MODE)
        return root.getroottree()

    def check_phase(self, phase: etree._Element) -> None:
        if not phase.get("id"):
            raise self.fail(phase, "sch:phase needs @id")
        for child in phase:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != SCH_NS:
                continue
            if _local(child) == "active":
                if not child.get("pattern"):
                    raise self.fail(child, "sch:active needs @pattern")
            elif _local(child) not in IGNORED:
                raise self.fail(child, f"sch:{_local(child)} in a phase is not supported by "
                                "this compiler")

    def active_patterns(self, phases: dict[str, etree._Element], known: set[str]) -> set[str]:
        """The ids of the patterns the chosen phase runs (every pattern for ``#ALL``)."""
        for phase in phases.values():
            for active in phase.iter(sch("active")):
                if active.get("pattern") not in known:
                    raise self.fail(active, f"sch:active names the pattern "
                                    f"'{active.get('pattern')}', which does not exist")
        wanted = self.phase or self.schema.get("defaultPhase") or ALL_PHASE
        if wanted == ALL_PHASE:
            return known
        if wanted not in phases:
            raise self.fail(self.schema, f"there is no phase '{wanted}' (phases: "
                            f"{', '.join(sorted(phases)) or 'none'})")
        return {active.get("pattern", "") for active in phases[wanted].iter(sch("active"))}

    def global_let(self, root: etree._Element, let: etree._Element) -> None:
        name = let.get("name")
        if not name:
            raise self.fail(let, "sch:let needs @name")
        param = self.add(root, "param", let, name=name)
        self.let_value(param, let)

    def let_value(self, target: etree._Element, let: etree._Element) -> None:
        value = let.get("value")
        if value is not None:
            target.set("select", value)
        elif len(let):
            for child in let:
                target.append(_copy(child))
        else:
            raise self.fail(let, f"sch:let '{let.get('name')}' has neither @value nor content")

    def entry_points(self, root: etree._Element) -> None:
        """``match="/"`` for one document; the named template for many (``sx:documents``)."""
        single = self.add(root, "template", match="/")
        findings = etree.SubElement(single, "findings")
        document = etree.SubElement(findings, "document", index="1")
        self.add(document, "apply-templates", select=".", mode=MODE)
        self.value_reports(document)

        batch = self.add(root, "template", name="sx:validate")
        findings = etree.SubElement(batch, "findings")
        each = self.add(findings, "for-each", select="$sx:documents")
        document = etree.SubElement(each, "document", index="{position()}")
        self.add(document, "apply-templates", select=".", mode=MODE)
        self.value_reports(document)

    def value_reports(self, document: etree._Element) -> None:
        """Each named value's items for the document, one ``value`` element per item."""
        for name, expression in self.values.items():
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
                raise SchematronError(f"{self.source}: a value's name must be a plain word, "
                                      f"not {name!r}")
            each = self.add(document, "for-each", select=f"({expression})")
            value = etree.SubElement(each, "value", name=name)
            self.add(value, "value-of", select=".")

    def rules_of(self, pattern: etree._Element
                 ) -> tuple[list[etree._Element], list[etree._Element]]:
        """A pattern's lets and rules, in order."""
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            raise self.fail(pattern, "abstract patterns are not supported by this compiler")
        lets: list[etree._Element] = []
        rules: list[etree._Element] = []
        for child in pattern:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != SCH_NS:
                continue
            if _local(child) == "let":
                lets.append(child)
            elif _local(child) == "rule":
                rules.append(child)
            elif _local(child) not in IGNORED:
                raise self.fail(child, f"sch:{_local(child)} in a pattern is not supported")
        return lets, rules

    def rule(self, root: etree._Element, rule: etree._Element, number: int, pattern_id: str,
             lets: list[etree._Element], priority: int) -> None:
        """One template per rule, all in one mode: each node is visited once for all patterns.

        The node's matching rules run from the highest priority down, each passing
        on (``xsl:next-match``) the number of its pattern; a rule of a pattern that
        has already fired on the node passes on at once, so in each pattern only
        the first matching rule fires. The fallback at the bottom visits the
        node's children.
        """
        context = rule.get("context")
        if rule.get("abstract") == "true" or context is None:
            raise self.fail(rule, "a rule needs @context (abstract rules are not supported)")
        template = self.add(root, "template", rule, match=context, mode=MODE,
                            priority=str(priority))
        self.add(template, "param", name=FIRED, select="0", **{"as": "xs:integer"})
        choose = self.add(template, "choose")
        skip = self.add(self.add(choose, "when", test=f"${FIRED} eq {number}"), "next-match")
        skip.append(self._fired(number))
        body = self.add(choose, "otherwise")
        role = rule.get("role", "error")
        checks = 0
        for let in lets:
            self.local_let(body, let)
        for child in rule:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != SCH_NS:
                continue
            kind = _local(child)
            if kind == "let":
                self.local_let(body, child)
            elif kind in ("assert", "report"):
                self.check(body, child, kind, rule, pattern_id, role)
                checks += 1
            elif kind not in IGNORED:
                raise self.fail(child, f"sch:{kind} in a rule is not supported by this compiler")
        if not checks:
            raise self.fail(rule, "a rule needs at least one sch:assert or sch:report")
        self.add(body, "next-match").append(self._fired(number))

    @staticmethod
    def _fired(number: int) -> etree._Element:
        parameter = etree.Element(xsl("with-param"), name=FIRED, select=str(number))
        parameter.set("as", "xs:integer")
        return parameter

    def local_let(self, template: etree._Element, let: etree._Element) -> None:
        name = let.get("name")
        if not name:
            raise self.fail(let, "sch:let needs @name")
        self.let_value(self.add(template, "variable", let, name=name), let)

    def check(self, template: etree._Element, check: etree._Element, kind: str,
              rule: etree._Element, pattern_id: str, role: str) -> None:
        test = check.get("test")
        if not test:
            raise self.fail(check, f"sch:{kind} needs @test")
        condition = f"not({test})" if kind == "assert" else test
        branch = self.add(template, "if", check, test=condition)
        finding = etree.SubElement(branch, "finding")
        rule_id = check.get("id") or rule.get("id") or pattern_id
        finding.set("rule", _avt(rule_id))
        finding.set("role", _avt(check.get("role", role)))
        finding.set("kind", kind)
        finding.set("pattern", _avt(pattern_id))
        finding.set("location", "{path(.)}")
        self.message(finding, check)

    def message(self, target: etree._Element, source: etree._Element) -> None:
        """Copy a message's text, turning value-of and name into XSLT."""
        if source.text:
            self.add(target, "text").text = source.text
        for child in source:
            if isinstance(child.tag, str):
                namespace, local = etree.QName(child).namespace, _local(child)
                if namespace == SCH_NS and local == "value-of":
                    select = child.get("select")
                    if not select:
                        raise self.fail(child, "sch:value-of needs @select")
                    self.add(target, "value-of", child, select=select)
                elif namespace == SCH_NS and local == "name":
                    self.add(target, "value-of", child, select=f"name({child.get('path', '.')})")
                else:  # emph, dir, span, foreign markup: their text
                    self.message(target, child)
            if child.tail:
                self.add(target, "text").text = child.tail


def _copy(element: etree._Element) -> etree._Element:
    return copy.deepcopy(element)


def _traversal(contexts: Iterable[str]) -> str:
    """Which nodes the rules must visit: attributes and text only when a rule could match them.

    Predicates do not change what kind of node a context matches, so they are
    left out of the question (``tei:idno[@type = $types]`` matches elements only).
    """
    joined = " ".join(_without_predicates(context) for context in contexts)
    everything = "$" in joined or re.search(r"(^|[|\s(])\.(\s|$|\|)", joined) is not None
    attributes = everything or "@" in joined or "attribute" in joined
    other = everything or re.search(r"\b(text|node|comment|processing-instruction)\s*\(",
                                    joined) is not None
    steps = (["@*"] if attributes else []) + (["node()"] if other else ["*"])
    return "|".join(steps)


def _without_predicates(context: str) -> str:
    """A rule's context without its string literals and its predicates (``[...]``)."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "''", context)
    while True:
        shorter = re.sub(r"\[[^\[\]]*\]", "", text)
        if shorter == text:
            return text
        text = shorter


def compile_schematron(schema: etree._ElementTree | etree._Element,
                       phase: str | None = None) -> etree._ElementTree:
    """The XSLT 3.0 stylesheet (as an lxml tree) that validates documents against ``schema``."""
    root = schema.getroot() if isinstance(schema, etree._ElementTree) else schema
    return _Compiler(root, root.getroottree().docinfo.URL or "<schematron>", phase).compile()


class Schematron:
    """A compiled schema, ready to validate Saxon documents; compile once per process.

    ``phase`` chooses the patterns (an ``sch:phase`` id or ``#ALL``); by default
    the schema's ``@defaultPhase``, else all. ``pattern_ids`` lists every
    pattern of the schema in its order, active or not. ``values``: XPath
    expressions (by name) reported for each document besides its findings
    (``validate_with_values``).
    """

    def __init__(self, schema: Path | etree._ElementTree, phase: str | None = None,
                 values: Mapping[str, str] | None = None) -> None:
        if isinstance(schema, Path):
            self.source = str(schema)
            try:
                tree = etree.parse(str(schema), etree.XMLParser(resolve_entities=False,
                                                                no_network=True, load_dtd=False))
            except (OSError, etree.XMLSyntaxError) as exc:
                raise SchematronError(f"{schema}: cannot be read: {exc}") from exc
        else:
            self.source = schema.docinfo.URL or "<schematron>"
            tree = schema
        compiler = _Compiler(tree.getroot(), self.source, phase, values)
        self.stylesheet = compiler.compile()
        self.pattern_ids = compiler.pattern_ids
        self.values = tuple(values or ())
        text = etree.tostring(self.stylesheet, encoding="unicode", pretty_print=True)
        try:
            self.executable = processor().new_xslt30_processor().compile_stylesheet(
                stylesheet_text=text)
        except PySaxonApiError as exc:
            raise SchematronError(self._explain(str(exc), text)) from exc

    def _explain(self, error: str, text: str) -> str:
        """Point a Saxon compile error at the .sch line the failing XSLT came from."""
        message = " ".join(error.split())
        found = re.search(r"on line (\d+)", message)
        line = "?"
        if found:
            generated = etree.fromstring(text.encode())
            wanted = int(found.group(1))
            best: etree._Element | None = None
            for element in generated.iter(etree.Element):
                if element.sourceline is not None and element.sourceline <= wanted:
                    best = element
            while best is not None and best.get(f"{{{SX_NS}}}line") is None:
                best = best.getparent()
            if best is not None:
                line = best.get(f"{{{SX_NS}}}line", "?")
            message = re.sub(r"\s*on line \d+ column \d+ of \S+", "", message)
        return f"{self.source}:{line}: the rules do not compile: {message}"

    def validate(self, documents: Sequence[PyXdmNode],
                 parameters: Mapping[str, PyXdmValue] | None = None) -> list[list[Finding]]:
        """Findings for each document, in order; ``parameters`` set the schema's global lets."""
        return self.validate_with_values(documents, parameters)[0]

    def validate_with_values(self, documents: Sequence[PyXdmNode],
                             parameters: Mapping[str, PyXdmValue] | None = None
                             ) -> tuple[list[list[Finding]], list[dict[str, list[str]]]]:
        """Findings for each document, and the values asked for at compile time (each
        document's items by name, as strings)."""
        if not documents:
            return [], []
        sequence = processor().empty_sequence()
        for document in documents:
            sequence.add_xdm_item(document)
        executable = self.executable
        executable.clear_parameters()
        executable.set_parameter(DOCUMENTS_PARAM, sequence)
        for name, value in (parameters or {}).items():
            executable.set_parameter(name, value)
        try:
            output = executable.call_template_returning_string(ENTRY_TEMPLATE)
        except PySaxonApiError as exc:
            raise SchematronError(f"{self.source}: the rules failed while running: "
                                  f"{' '.join(str(exc).split())}") from exc
        finally:
            executable.clear_parameters()
        return self._findings(output or "", len(documents))

    def validate_alone(self, document: PyXdmNode) -> list[Finding]:
        """One document with the schema's own defaults for its lets, as an XML editor runs it."""
        executable = self.executable
        executable.clear_parameters()
        try:
            output = executable.transform_to_string(xdm_node=document)
        except PySaxonApiError as exc:
            raise SchematronError(f"{self.source}: the rules failed while running: "
                                  f"{' '.join(str(exc).split())}") from exc
        return self._findings(output or "", 1)[0][0]

    def _findings(self, output: str, count: int
                  ) -> tuple[list[list[Finding]], list[dict[str, list[str]]]]:
        """Each document's findings pattern by pattern, each pattern's in document order, and
        its values.

        The rules visit each node once for all patterns, so the stylesheet reports
        the findings of one node together; they are put back in the schema's order.
        """
        results: list[list[Finding]] = [[] for _ in range(count)]
        values: list[dict[str, list[str]]] = [{name: [] for name in self.values}
                                              for _ in range(count)]
        if not output:
            return results, values
        root = etree.fromstring(output.encode("utf-8"))
        for document in root.iter("document"):
            index = int(document.get("index", "1")) - 1
            for finding in document.iter("finding"):
                results[index].append(Finding(
                    document=index,
                    rule=finding.get("rule", ""),
                    role=finding.get("role", "error"),
                    kind=finding.get("kind", "assert"),
                    pattern=finding.get("pattern", ""),
                    location=finding.get("location", "/"),
                    message=" ".join("".join(finding.itertext()).split()),
                ))
            for value in document.iterchildren("value"):
                values[index].setdefault(value.get("name", ""), []).append(value.text or "")
        order = {pattern: number for number, pattern in enumerate(self.pattern_ids)}
        for found in results:
            found.sort(key=lambda finding: order.get(finding.pattern, len(order)))
        return results, values


def load_document(text: str, base_uri: str) -> PyXdmNode:
    """A Saxon document from already checked XML text, standing at ``base_uri``.

    The text is parsed from memory so Saxon never reads a file the safe lxml
    parser has not vetted (no DTDs, no external entities).
    """
    builder = _builder()
    builder.set_base_uri(base_uri)
    try:
        return builder.parse_xml(xml_text=text)
    except PySaxonApiError as exc:
        raise SchematronError(f"{base_uri}: Saxon cannot read it: {exc}") from exc


@cache
def _builder() -> PyDocumentBuilder:
    """One document builder per process, for the thousands of files of a run (a new one for
    each took half as long again as the parse of a small file)."""
    return processor().new_document_builder()


def saxon_uri(path: Path) -> str:
    """A file URI in the form XPath's ``resolve-uri()`` produces (``file:/…``), so URIs compare."""
    return "file:" + path.resolve().as_uri()[len("file://"):]


@cache
def _location_step() -> re.Pattern[str]:
    return re.compile(
        r"/(?:(?P<element>Q\{(?P<uri>[^}]*)\}(?P<local>[^/\[]+)\[(?P<position>\d+)\])"
        r"|@(?P<attribute>Q\{[^}]*\}[^/]+|[^/]+)"
        r"|(?:text|comment|processing-instruction)\([^)]*\)\[\d+\])"
    )


#: The markup of a well-formed XML file without a DTD, one construct at a time: comments,
#: CDATA sections and processing instructions whole, and element tags, start, end or empty,
#: with their attributes (group 1). Each alternative ends at its own terminator, and ``>`` in
#: an attribute value is passed over inside its quotes, so on a file that parsed every tag is
#: found, in order, and nothing else; the scan is linear.
MARKUP = re.compile(rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>"
                    rb"|(/?[^!?][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>)", re.DOTALL)


class SourceMap:
    """Line and column of the nodes of one XML file, found from ``fn:path()`` locations.

    Built from the bytes the file was validated from (they have no DTD or
    entity declarations, those were refused before): the file's tags are
    found in order (``MARKUP``), so the n-th element in document order starts
    at the n-th start tag; a location is followed down the file's tree (lxml)
    to its element, and an attribute is found in the start tag's text. Both
    run in C: this is worked out for every file with a finding.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        #: byte offset of each element's start tag, in document order
        self.starts = [match.start() for match in MARKUP.finditer(data)
                       if match.group(1) and not match.group(1).startswith(b"/")]
        try:
            self.root: etree._Element | None = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            self.root = None  # every node is then placed at the root's start

    def locate(self, location: str) -> tuple[int, int]:
        """(line, column), from 1, of the node at ``location`` (a text node: its element's)."""
        element: etree._Element | None = None
        attribute = None
        for step in _location_step().finditer(location):
            if step.group("element"):
                uri, local = step.group("uri"), step.group("local")
                tag = f"{{{uri}}}{local}" if uri else local
                parents = [self.root] if element is None else list(element)
                matching = [child for child in parents
                            if child is not None and child.tag == tag]
                position = int(step.group("position"))
                element = matching[position - 1] if position <= len(matching) else None
                if element is None:
                    break
            elif step.group("attribute"):
                attribute = step.group("attribute")
                break
            else:
                break
        root_start = self.starts[0] if self.starts else 0
        # Not found (or the document itself): the root element's start.
        offset = root_start
        if element is not None:
            number = int(element.xpath("count(preceding::*) + count(ancestor::*)"))
            offset = self.starts[number] if number < len(self.starts) else root_start
        if attribute is not None:
            offset = self._attribute_offset(offset, attribute)
        return self._line_column(offset)

    def _attribute_offset(self, tag_offset: int, attribute: str) -> int:
        if attribute.startswith("Q{"):
            uri, _, local = attribute[2:].partition("}")
            prefix = "xml:" if uri == "http://www.w3.org/XML/1998/namespace" else r"[\w.-]+:"
            name = prefix + re.escape(local)
        else:
            name = re.escape(attribute)
        tag = _START_TAG.match(self.data, tag_offset)
        end = tag.end() if tag else len(self.data)
        found = re.compile(rb"\s(" + name.encode() + rb")\s*=").search(self.data, tag_offset, end)
        return found.start(1) if found else tag_offset

    def _line_column(self, offset: int) -> tuple[int, int]:
        line_start = self.data.rfind(b"\n", 0, offset) + 1
        line = self.data.count(b"\n", 0, offset) + 1
        column = len(self.data[line_start:offset].decode("utf-8", "replace").lstrip("\ufeff"))
        return line, column + 1


#: Files are parsed again only to be located in: they passed the safe parser before.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)
_START_TAG = re.compile(rb"<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>")
