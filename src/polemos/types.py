"""The record types that flow between pipeline stages. One line per field says what it means."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

FAILED = "failed:"   # prefix of the skip reason of an article a stage could not process (run again next time)


@dataclass
class Span:
    start: int                      # character offset into Article.text, inclusive
    end: int                        # character offset, exclusive

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class Article:
    id: str                         # given id, or a content hash when none was given
    date: dt.date | None            # publication date: every relative date resolves against it (None: undated, skipped)
    text: str                       # article body, offsets of every span point into it
    url: str | None = None
    outlet: str | None = None       # publisher; its own voice is the claimant "the outlet itself"
    title: str | None = None
    language: str | None = None     # ISO 639-1, given or detected
    side: str | None = None         # editorial alignment when known: a party's side, international, ...
    origin: str | None = None       # where it was read: "file.jsonl:12"
    date_source: str = "given"      # given | metadata (HTML) | text (inferred) | default (--default-date) | none
    conflict: str | None = None     # conflict profile it is read with (data/conflicts/<name>.toml): given or chosen
    side_source: str | None = None  # given (in the input) | inferred (from the outlet, polemos.outlets) | None


@dataclass
class Place:
    mention: str                    # the place as written
    name: str                       # common English name
    country: str | None = None      # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1          # 1 named town, 2 near/part of a region, 3 province or front section
    geonameid: int | None = None
    admin1: str | None = None       # first-level region name
    alt_names: list[str] = field(default_factory=list)
    span: Span | None = None        # where the mention stands in the text
    source: str | None = None       # geonames, curated, district-fallback


@dataclass
class Attribution:
    """Who says a stretch of text: one per sentence (or quote) with its claimant."""
    span: Span                      # the attributed content
    claimant: str                   # canonical name, or "the outlet itself"
    claimant_side: str              # a party's side (a state's demonym...), international, neutral, unknown
    cue: str | None = None          # "said", "according to", "Facebook post"; None for the outlet's voice
    cue_span: Span | None = None
    source_span: Span | None = None # where the claimant is named
    stance: str = "asserted"        # asserted | denied | reported
    hedged: bool = False            # allegedly, reportedly, seems...
    relayed_by: str | None = None   # "Reuters cited the ministry": relay Reuters
    source_type: str | None = None  # military, government, presidency, monitor, media, witness...


@dataclass
class Event:
    event_type: str
    sub_event_type: str
    date: str                       # YYYY-MM-DD, the day the event happened
    location: Place
    claimant: str
    claimant_side: str
    evidence: str                   # exact substring of the article text
    evidence_span: Span
    plover: str | None = None       # PLOVER event type
    time_precision: int = 1         # 1 day, 2 week/range, 3 month
    actor1: str | None = None
    actor1_side: str | None = None
    actor2: str | None = None
    civilian_targeting: bool = False
    fatalities: int | None = None
    fatalities_text: str | None = None
    injured: int | None = None
    injured_text: str | None = None
    weapon: str | None = None
    target: str | None = None
    attribution_cue: str | None = None
    cue_span: Span | None = None
    stance: str = "asserted"
    hedged: bool = False
    relayed_by: str | None = None
    tally: bool = False             # a cumulative count ("since September 27"), not one day's event


@dataclass
class Claim:
    """A statement that is not a physical event: accusation, threat, appeal, denial..."""
    type: str                       # PLOVER type: ACCUSE, THREATEN, REQUEST, DEMAND, REJECT, AGREE, RETREAT...
    claimant: str
    claimant_side: str
    evidence: str
    evidence_span: Span
    target: str | None = None
    summary: str | None = None
    attribution_cue: str | None = None
    cue_span: Span | None = None
    stance: str = "asserted"
    hedged: bool = False
    relayed_by: str | None = None


@dataclass
class Result:
    """What the pipeline made of one article."""
    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    skipped: str | None = None      # why the article was not run (unsupported language...)

    @property
    def failed(self) -> bool:
        """A stage raised on the article (skip reason starting with FAILED): stored as failed, run again next time."""
        return (self.skipped or "").startswith(FAILED)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.article.id, "date": self.article.date.isoformat() if self.article.date else None,
                "language": self.article.language, "skipped": self.skipped,
                "side": self.article.side, "side_source": self.article.side_source,
                "events": [record_json(e) for e in self.events if not e.tally],
                "tallies": [record_json(e) for e in self.events if e.tally],
                "claims": [record_json(c) for c in self.claims]}


def record_json(rec: Any) -> dict[str, Any]:
    """A record as plain JSON, spans as {start, end}, None fields kept so columns stay stable."""
    return asdict(rec)
