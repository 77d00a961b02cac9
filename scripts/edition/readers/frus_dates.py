"""Datelines, "[Received …]" lines and dates stated in notes, as FRUS prints them.

Every form FRUS uses for a dateline: "Cairo, December 2, 1943—3 p.m.",
"Tehran, 1 December 1943." and "1st December 1943", parts the editors
supplied in brackets ("[Cairo,] December 3, 1943.", "Tehran, [November 29,
1943.]", "[Cairo, December 4, 1943.]"), the time after a dash or a comma
("—noon", ", 11:30 a.m.", "—midnight") and "[Undated.]". Midnight is the end
of the printed day (``T24:00:00``), so the day stays the one the telegram bears.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..dates import MONTHS, TIME_OF_DAY, clock_time, iso

_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_MONTH_GROUP = rf"(?P<month>{_MONTH})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|d)?"
_TIME = rf"(?:\s*[—–-]\s*|,\s*)(?P<time>{TIME_OF_DAY.pattern})"
#: "December 2, 1943" / "December 2" (the year optional for received lines)
MONTH_FIRST = re.compile(
    rf"(?<![\w]){_MONTH_GROUP}\s+{_DAY}(?:,?\s+(?P<year>\d{{4}}))?(?!\d)(?:{_TIME})?"
)
#: "1 December 1943" / "1st December 1943"
DAY_FIRST = re.compile(
    rf"(?<![\w]){_DAY}\s+{_MONTH_GROUP}(?:,?\s+(?P<year>\d{{4}}))?(?!\d)(?:{_TIME})?"
)
#: "[Received December 3—9:15 a.m.]"
RECEIVED = re.compile(r"^\[\s*Received\s+(?P<when>.+?)\s*\]\.?$")
#: A place as datelines print it: "Kuibyshev", "Hyde Park, N. Y.", "At Sea".
PLACE = re.compile(r"^[A-Z][\w’'.-]*(?:[ ,]+[A-Za-z][\w’'.-]*){0,6}$")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: where, its ISO value, and whether it printed its year."""

    start: int
    end: int
    when: str
    has_year: bool
    has_time: bool

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: place, date (or none when undated) and what was supplied."""

    place: str | None
    date: FoundDate | None
    undated: bool = False
    #: The editors supplied the date (it stands in square brackets).
    supplied: bool = False
    #: A span of the day ("3:30 to 6 p.m."): ISO from and to.
    span: tuple[str, str] | None = None
    #: Where the printed date (with its time or span) ends in the line.
    end: int | None = None


def time_value(text: str) -> str | None:
    """'3 p.m.' → '15:00:00', 'noon' → '12:00:00', 'midnight' → '24:00:00' (end of the day)."""
    match = TIME_OF_DAY.fullmatch(text.strip())
    if not match:
        return None
    word = (match["word"] or "").lower()
    if word == "midnight":
        return "24:00:00"
    if word == "noon":
        return "12:00:00"
    return clock_time(match["hour"], match["minute"], f"{match['half'].lower()}.m.")


def find_dates(text: str, year: int | None = None) -> list[FoundDate]:
    """Every calendar date in ``text`` in order; ``year`` completes year-less ones."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in (MONTH_FIRST, DAY_FIRST):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _value(match, year)
            if value:
                found.append(FoundDate(match.start(), match.end(), value,
                                       bool(match["year"]), bool(match["time"])))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _value(match: re.Match[str], year: int | None) -> str | None:
    printed = int(match["year"]) if match["year"] else year
    if printed is None:
        return None
    day = iso(printed, MONTHS[match["month"].lower()], int(match["day"]))
    if not day:
        return None
    if match["time"]:
        time = time_value(match["time"])
        return f"{day}T{time}" if time else day
    return day


def parse_dateline(text: str, undated_words: tuple[str, ...] = ()) -> Dateline | None:
    """A dateline line, or ``None`` when the line is something else.

    The date must end the line (after it only brackets and a full stop), and
    what precedes it is empty or a place followed by a comma.
    """
    plain = text.strip()
    undated = _undated(plain, undated_words)
    if undated is not None:
        return undated
    dates = [d for d in find_dates(plain) if d.has_year]
    if not dates:
        return None
    date = dates[-1]
    span = None if date.has_time else time_range(plain, date)
    end = span[0] if span else date.end
    rest = plain[end:]
    if re.sub(r"[\s.\]]", "", rest):
        return None
    prefix = plain[: date.start]
    place = _place(prefix)
    if place is False:
        return None
    supplied = prefix.rfind("[") > prefix.rfind("]") and "]" in rest
    return Dateline(place or None, date, supplied=supplied,
                    span=(span[1], span[2]) if span else None, end=end)


def _place(prefix: str) -> str | bool:
    """The place before a date: '' for none, False when the prefix is no place."""
    bare = prefix.replace("[", "").replace("]", "").strip()
    if not bare:
        return ""
    if not bare.endswith(","):
        return False
    bare = bare[:-1].strip()
    if len(bare) > 60 or not PLACE.match(bare):
        return False
    return bare


def _undated(text: str, words: tuple[str, ...]) -> Dateline | None:
    """'[Undated.]', 'Washington, undated.': no date, perhaps a place."""
    if not words:
        return None
    bare = text.replace("[", "").replace("]", "").strip().rstrip(".").strip()
    alternation = "|".join(re.escape(w) for w in words)
    match = re.fullmatch(rf"(?:(?P<place>.+?),\s*)?(?i:{alternation})", bare)
    if not match:
        return None
    place = match["place"]
    if place and (len(place) > 60 or not PLACE.match(place)):
        return None
    return Dateline(place, None, undated=True)


def received_date(text: str, sent: str | None) -> tuple[FoundDate, str] | None:
    """'[Received October 4—10:09 a.m.]': the date (with the sent date's year, or the next)."""
    match = RECEIVED.match(text.strip())
    if not match:
        return None
    year = int(sent[:4]) if sent else None
    offset = match.start("when")
    dates = find_dates(match["when"], year)
    if not dates:
        return _received_time_only(match, sent)
    found = dates[0]
    value = found.when
    if sent and not found.has_year and value[:10] < sent[:10]:
        later = find_dates(match["when"], year + 1)
        value = later[0].when if later else value
    shifted = FoundDate(found.start + offset, found.end + offset, value, found.has_year,
                        found.has_time)
    return shifted, value


def _received_time_only(match: re.Match[str], sent: str | None) -> tuple[FoundDate, str] | None:
    """'[Received 10:30 p.m.]': the day of the dateline, or the next when the time is earlier."""
    time_match = re.fullmatch(rf"(?P<time>{TIME_OF_DAY.pattern})\.?", match["when"])
    if not sent or not time_match:
        return None
    time = time_value(time_match["time"])
    if not time:
        return None
    day = dt.date.fromisoformat(sent[:10])
    if len(sent) > 10 and time < sent[11:19]:
        day += dt.timedelta(days=1)
    start = match.start("when")
    end = start + len(time_match["time"])
    return FoundDate(start, end, f"{day.isoformat()}T{time}", False, True), \
        f"{day.isoformat()}T{time}"


def handed_over(note: str, verbs: tuple[str, ...]) -> tuple[str, str, str | None] | None:
    """'The message was given to the Counselor …, Andrey Gromyko, on April 11, 1942, noon'.

    Returns (the words of the statement, ISO date-time, the person it was handed
    to when the note names one), or ``None``.
    """
    if not verbs:
        return None
    alternation = "|".join(re.escape(v) for v in verbs)
    for sentence in sentences(note):
        verb = re.search(rf"\b(?i:{alternation})\b", sentence)
        if not verb:
            continue
        after = sentence[verb.end() :]
        on = re.search(r"\bon\s+", after)
        if not on:
            continue
        dates = [d for d in find_dates(after) if d.has_year and d.start == on.end()]
        if not dates:
            continue
        date = dates[0]
        words = " ".join(sentence[verb.start() : verb.end() + date.end].split())
        recipient = _recipient(after[: on.start()])
        return words, date.when, recipient
    return None


def _recipient(text: str) -> str | None:
    """'to the Counselor of the Soviet Embassy, Andrey Andreyevich Gromyko,' → the name."""
    match = re.match(r"\s*to\s+(?P<who>.+?)[\s,]*$", text)
    if not match:
        return None
    pieces = [p.strip() for p in match["who"].split(",") if p.strip()]
    for piece in reversed(pieces):
        if re.fullmatch(r"(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*", piece) and \
                not piece.startswith(("The ", "the ")):
            return piece
    return None


def stated_date(text: str, words: tuple[str, ...]) -> tuple[str, str] | None:
    """'… an enclosure to despatch No. 27, dated December 4, 1943' → (words, ISO date)."""
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in words)
    for match in re.finditer(rf"\b(?:{alternation})\s+", text):
        dates = [d for d in find_dates(text[match.end() :]) if d.has_year and d.start == 0]
        if dates:
            end = match.end() + dates[0].end
            return " ".join(text[match.start() : end].split()), dates[0].when[:10]
    return None


def sentences(text: str) -> list[str]:
    """Rough sentences: cut at a full stop before a capital, not after an initial or 'Mr.'."""
    return [s for s in re.split(r"(?<![A-Z])(?<!\bM[rs])(?<!\bDr)(?<!\bNo)\.\s+(?=[A-Z“])",
                                text) if s.strip()]


#: "6:30 to 8:30 p.m." — a span of the day; the first time takes the second's a.m./p.m.
TIME_RANGE = re.compile(
    r"(?:,\s*|\s+)(?:from\s+)?(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))?(?:\s*(?P<half1>[ap])\.\s?m\.)?"
    r"\s+(?:to|until|-|–)\s+(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*(?P<half2>[ap])\.\s?m\."
)


def time_range(text: str, date: FoundDate) -> tuple[int, str, str] | None:
    """The span of the day printed right after ``date``: (end in text, ISO from, ISO to)."""
    match = TIME_RANGE.match(text, date.end)
    if not match:
        return None
    day = date.when[:10]
    second = clock_time(match["h2"], match["m2"], f"{match['half2']}.m.")
    first = clock_time(match["h1"], match["m1"], f"{(match['half1'] or match['half2'])}.m.")
    if not first or not second or first > second:
        return None
    return match.end(), f"{day}T{first}", f"{day}T{second}"
