"""Running the edition's XSLT 3.0 stylesheets with Saxon (saxonche)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from saxonche import PySaxonApiError, PySaxonProcessor


class TransformError(Exception):
    """A stylesheet failed to compile or to run; the message names the stylesheet."""


@cache
def processor() -> PySaxonProcessor:
    """One Saxon processor per process: creating several is slow and not supported well.

    Its XML parser refuses any DOCTYPE, so a file Saxon reads itself
    (``collection()``, ``doc()``) can never expand entities or read a DTD, even if
    it changed after ``edition validate`` checked it. And it reads local files alone:
    a pointer or ``xml:base`` naming a web address, in TEI the rules have not passed,
    is never fetched.
    """
    saxon = PySaxonProcessor(license=False)
    saxon.set_configuration_property(
        "http://saxon.sf.net/feature/parserFeature?uri="
        "http://apache.org/xml/features/disallow-doctype-decl", "true")
    saxon.set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "file")
    return saxon


class Transformer:
    """Compiles each stylesheet once and runs it with string parameters."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.compiled: dict[str, object] = {}

    def executable(self, name: str):
        if name not in self.compiled:
            path = self.folder / name
            compiler = processor().new_xslt30_processor()
            try:
                self.compiled[name] = compiler.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as exc:
                raise TransformError(f"{path}: does not compile: {exc}") from exc
        return self.compiled[name]

    def _prepare(self, name: str, parameters: dict[str, str]):
        executable = self.executable(name)
        executable.clear_parameters()
        for key, value in parameters.items():
            executable.set_parameter(key, processor().make_string_value(value))
        return executable

    def run_to_folder(self, name: str, source: Path, folder: Path,
                      parameters: dict[str, str]) -> None:
        """Run a stylesheet whose output is a set of xsl:result-document files."""
        executable = self._prepare(name, parameters)
        executable.set_base_output_uri(folder.resolve().as_uri() + "/")
        try:
            executable.transform_to_string(source_file=str(source))
        except PySaxonApiError as exc:
            raise TransformError(f"{self.folder / name}: failed on {source}: {exc}") from exc

    def run_to_string(self, name: str, source: Path, parameters: dict[str, str]) -> str:
        executable = self._prepare(name, parameters)
        try:
            result = executable.transform_to_string(source_file=str(source))
        except PySaxonApiError as exc:
            raise TransformError(f"{self.folder / name}: failed on {source}: {exc}") from exc
        if result is None:
            raise TransformError(f"{self.folder / name}: produced nothing from {source}")
        return result
