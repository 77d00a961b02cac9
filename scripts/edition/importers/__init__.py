"""Importers: readers whose input is another archive's TEI, mapped onto the edition's conventions.

``frus`` takes the Office of the Historian's TEI (a FRUS volume, or one
document wrapped in ``frusDoc``): ``frus_source`` finds the documents and the
volume's glossary, ``frus_dates`` reads datelines and "[Received …]" lines,
``frus_body`` maps FRUS markup onto ours, ``frus_names`` links names through
the registers and adds provisional entries, ``frus`` builds and writes the
letters.
"""
