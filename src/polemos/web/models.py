"""The shapes of the API's requests and answers: they make the OpenAPI document (/openapi.json)."""
from __future__ import annotations

from typing import Annotated, Any, Optional

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(max_length=2000)]
FORMATS = ("jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet", "plover-json", "table")


class Problem(BaseModel):
    """An error: what is wrong, in one line (a 422 lists each field at fault instead)."""
    detail: str


class Location(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2 code")
    country_name: Optional[str] = Field(None, description="the country's English name")
    lat: Optional[float] = None
    lon: Optional[float] = None
    geo_precision: Optional[int] = None


class ClaimantRef(BaseModel):
    claimant: Optional[str] = None
    claimant_side: Optional[str] = None
    stance: Optional[str] = None


class Dispute(BaseModel):
    """One way two or more claims of an event disagree."""
    kind: Optional[str] = Field(None, description="occurrence (whether it happened), perpetrator (who did it) or "
                                                  "toll; null in a store written before disputes had kinds")
    claim_ids: list[str] = Field(description="the claims (ClaimOut.id) that disagree")
    detail: str = Field(description="the disagreement in words")


class EventSummary(BaseModel):
    """A fused event: every event record (claim) that fusion grouped, or one record alone."""
    id: str
    date: Optional[str] = None
    time_precision: Optional[int] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    location: Location
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    civilian_targeting: bool = False
    fatalities_low: Optional[int] = Field(None, description="lowest death toll claimed (denials left out)")
    fatalities_high: Optional[int] = Field(None, description="highest death toll claimed")
    fatalities_best: Optional[int] = Field(None, description="the toll most sources give, else the lower median")
    injured: Optional[int] = None
    n_claims: int
    n_articles: int
    disputed: bool = Field(description="two of its claims disagree: whether it happened, who did it, or the toll")
    dispute_kinds: list[str] = Field(default_factory=list, description="occurrence, perpetrator, toll: what they "
                                                                       "disagree on")
    corroborated: bool = Field(description="asserted by two sides, or by a neutral source")
    dispute_reasons: list[str] = Field(description="the disputes in words (the details of `disputes`)")
    disputes: list[Dispute] = Field(default_factory=list, description="which claims disagree, and on what")
    claimants: list[ClaimantRef]


class EventPage(BaseModel):
    total: int
    limit: int
    offset: Optional[int] = None
    sort: str = Field("date", description="the order: date, -date, fatalities, claims")
    next_cursor: Optional[str] = Field(None, description="pass as ?cursor= for the next page; null at the end")
    items: list[EventSummary]


class Span(BaseModel):
    start: int
    end: int


class Context(BaseModel):
    """The article text around a claim's evidence; spans are relative to `text`, `offset` places it."""
    text: str
    offset: int
    cut_before: bool
    cut_after: bool
    evidence: Span
    cue: Optional[Span] = None


class ArticleHead(BaseModel):
    id: Optional[str] = None
    date: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    side: Optional[str] = None


class ClaimOut(BaseModel):
    """One event record as the pipeline wrote it (every field of types.Event), with its article."""
    model_config = ConfigDict(extra="allow")
    id: str
    article_id: str
    claimant: Optional[str] = None
    claimant_side: Optional[str] = None
    attribution_cue: Optional[str] = None
    stance: Optional[str] = None
    evidence: Optional[str] = None
    fatalities: Optional[int] = None
    article: ArticleHead
    context: Optional[Context] = None


class StatementOut(BaseModel):
    """A statement that is not a physical event (accusation, denial, appeal...): a types.Claim."""
    model_config = ConfigDict(extra="allow")
    id: str
    article_id: str
    type: Optional[str] = None
    claimant: Optional[str] = None
    claimant_side: Optional[str] = None
    stance: Optional[str] = None
    evidence: Optional[str] = None
    article: Optional[ArticleHead] = None
    context: Optional[Context] = None


class EventDetail(EventSummary):
    claims: list[ClaimOut]
    statements: list[StatementOut] = Field(description="statements in the articles that report the event")


class DisputePage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str = "date"
    items: list[EventDetail]


class MapPoints(BaseModel):
    total: int = Field(description="events that match the filters")
    shown: int = Field(description="points returned (events with coordinates, at most `cap`)")
    cap: int
    fields: list[str]
    points: list[list[Any]]


class Timeline(BaseModel):
    fields: list[str] = Field(description="what each day holds: date, events, fatalities_low, fatalities_high")
    days: list[list[Any]] = Field(description="[date, events, lowest tolls summed, highest tolls summed] for each "
                                              "day with events, date filters ignored")


class EventType(BaseModel):
    event_type: str
    sub_event_types: list[str]


class ClaimantCount(BaseModel):
    claimant: str
    claims: int


class Facets(BaseModel):
    event_types: list[EventType]
    claimant_sides: list[str]
    actor_sides: list[str]
    claimants: list[ClaimantCount]
    date_min: Optional[str] = None
    date_max: Optional[str] = None
    events: int


class Profile(BaseModel):
    claimant: str = Field(description="the name, as most often written; an outlet's own voice: the outlet")
    claimant_side: str
    outlet_voice: bool = Field(False, description="the outlet speaking in its own voice (\"the outlet itself\")")
    names: list[str] = Field(default_factory=list, description="every spelling of the name (case, accents, "
                                                                "punctuation), the most used first")
    claims: int = Field(description="event claims made")
    corroborated: int = Field(description="of them, backed by another side or a neutral source")
    contradicted: int = Field(description="of them, denied or blamed otherwise by another claimant")
    statements: int = Field(description="statements made (accusations, denials, appeals...)")
    first: Optional[str] = None
    last: Optional[str] = None


class ProfilePage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str = "claims"
    items: list[Profile]


class ClaimantDetail(BaseModel):
    profiles: list[Profile]
    events: list[EventSummary]
    statements: list[StatementOut]


class SpanOut(BaseModel):
    kind: str = Field(description="event | statement | attribution")
    start: int
    end: int
    claimant: Optional[str] = None
    claimant_side: Optional[str] = None
    stance: Optional[str] = None
    record_id: str
    event_id: Optional[str] = None
    cue: Optional[Span] = None


class ArticleOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    date: Optional[str] = None
    text: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    language: Optional[str] = None
    side: Optional[str] = None
    status: Optional[str] = None
    skip_reason: Optional[str] = None
    spans: list[SpanOut]
    events: list[dict[str, Any]]
    statements: list[StatementOut]


class ArticleRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    date: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleRow]


class ArticleIn(BaseModel):
    """An article to run the pipeline on: the fields of a JSONL input line."""
    model_config = ConfigDict(extra="forbid")
    id: Optional[Annotated[str, Field(max_length=500)]] = None
    date: Annotated[str, Field(min_length=10, max_length=40, pattern=r"^\d{4}-\d{2}-\d{2}",
                               description="YYYY-MM-DD or an ISO timestamp")]
    text: Annotated[str, Field(min_length=1, max_length=1_000_000)]
    url: Optional[Text] = None
    outlet: Optional[Text] = None
    title: Optional[Text] = None
    language: Optional[Annotated[str, Field(max_length=20)]] = None
    side: Optional[Annotated[str, Field(max_length=100)]] = None


class Ingest(BaseModel):
    articles: Annotated[list[ArticleIn], Field(min_length=1, max_length=100)]


class JobOut(BaseModel):
    id: str
    state: str = Field(description="queued | loading | running | fusing | done | failed")
    total: int
    done: int
    article_ids: list[str]
    events: int
    skipped: list[str]
    error: Optional[str] = None
    created: float
    finished: Optional[float] = None


class Info(BaseModel):
    articles: int
    events: int
    event_records: int
    writable: bool = Field(description="POST /api/articles is on (the server has a token)")
    formats: list[str]
    database: str
    max_body: int = Field(description="the largest request body the server reads, in bytes")
