"""Reader for essays extracted from a paginated layout (a PDF or word-processor export).

How such an extraction is built: the essay's title on a line of its own; then
what stood above the text on the first page (an illustration's caption with its
credit in parentheses, the byline: author and a date); then the paragraphs, one
block each, with section headings as short lines without final punctuation. The
page layout survives: every page's footnotes (lines opening with superscript
numbers) follow that page's text, so a paragraph that ran over a page end is
cut in two around them, a word hyphenated at the cut keeping its hyphen. Note
markers are superscript digits glued to the text. Italics are written ``*…*``,
some punctuation is backslash-escaped and links may stand in ``<…>``: Markdown
syntax of the extraction, not of the essay. The back matter opens with a line in
capitals ("BIBLIOGRAPHY") and lists the works cited in Chicago style, under
sub-heads in capitals; the notes cite a work in full the first time, then by
surname, short title and pages.
"""
from .reader import read

__all__ = ["read"]
