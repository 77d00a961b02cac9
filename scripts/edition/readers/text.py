"""Plain-text structure shared by the readers: blocks of lines and their positions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Block:
    """Consecutive non-blank lines; ``line`` is the 1-based line of the first."""

    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines)

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


def blocks(text: str) -> list[Block]:
    """Split a transcription at blank lines, remembering where each block starts."""
    result: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            result.append(Block(current, start))
            current = []
    if current:
        result.append(Block(current, start))
    return result
