"""The stages as spaCy components over one Doc, each as spaCy's span_ruler: `find`, then `set_annotations`.

The Pipeline puts the article on the Doc (Doc._.article) and its conflict profile (Doc._.conflict); each
component reads what the ones before it wrote and writes its own extension:

  polemos_segment       Doc._.sentences, Doc._.quotes          (polemos.segment)
  polemos_attribution   Doc._.attributions                     who says each sentence or quote
  polemos_places        Doc._.places                           toponyms resolved in the war's context
  polemos_events        Doc._.events (Doc._.mentions)          ACLED events, one per place
  polemos_claims        Doc._.claims                           PLOVER claims that are not events

A component's finder is named by the language's config: "parse" reads a parse (English: polemos.lang.en and the
stage modules), "lexicon" reads the language file's words (polemos.lexicon), "ud" reads them too and takes from
the language's tools what a Universal Dependencies parse and NER add (Doc._.hints, polemos.lang.ud: persons, the
subject of a cue). A stage that raises on a Doc records
the error (Doc._.error) and the later stages leave that Doc alone: the Pipeline stores the article as failed and
the next run tries it again; the other articles of the batch go on.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from polemos import (
    attribution,
    claims,
    conflicts,
    events,
    lang,
    lexicon,
    nlp,
    notes,
    segment,
    zone,
)
from polemos.lexicon import claims as lexicon_claims
from polemos.lexicon import events as lexicon_events
from polemos.lexicon import names as lexicon_names
from polemos.lexicon import places as lexicon_places
from polemos.lexicon import sources as lexicon_sources
from polemos.places import Geocoder
from polemos.types import Span

for _name in ("article", "conflict", "attributions", "places", "mentions", "events", "claims", "error"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

FINDERS = ("parse", "lexicon", "ud")
WORDS = ("lexicon", "ud")       # the finders that read the language file's words
STAGES = ("polemos_segment", "polemos_attribution", "polemos_places", "polemos_events", "polemos_claims")


@lru_cache(maxsize=None)
def build(code: str, config: nlp.Config | None = None) -> Language:
    """The whole pipeline of a language from its config: a language with a parser is its model with line breaks as
    sentence starts and an EntityRuler of the conflict zones' place names before its NER; one without is spaCy's
    blank class for it with a sentencizer. Both then run the stages with the config's source finder."""
    config = config or nlp.Config.of(code)
    model = nlp.ruled(config, zone.ruler_patterns()) if config.parser else nlp.sentencized(config)
    nlp.add_tools(model, config)
    for stage in STAGES:
        model.add_pipe(stage, config={"finder": config.finder})
    return model


def english() -> Language:
    """English's whole pipeline."""
    return build(lang.ENGLISH)


class Stage:
    """A component: `find` what the Doc holds, then `set_annotations`; a Doc without an article, or one an
    earlier stage failed on, passes through untouched."""
    name = "stage"

    def __init__(self, nlp: Language, name: str, finder: str):
        if finder not in FINDERS:
            from polemos.errors import DataError, Errors
            raise DataError(Errors.E108.format(name=name, finder=finder, known=", ".join(FINDERS)))
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        if doc._.article is None or doc._.error:
            return doc
        try:
            self.set_annotations(doc, self.find(doc))
        except Exception as e:      # noqa: BLE001 - recorded, not hidden: the article fails and is run again
            doc._.error = f"{self.name}: {type(e).__name__}: {e}"
        return doc

    def find(self, doc: Doc) -> Any:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: Any) -> None:
        raise NotImplementedError


def lexicon_sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences as character spans (what the lexicon finders read)."""
    return [Span(s.start_char, s.end_char) for s in segment.sentences(doc)]


class Segment(Stage):
    name = "polemos_segment"

    def find(self, doc: Doc):
        return segment.sentences(doc), segment.quotes(doc)

    def set_annotations(self, doc: Doc, found) -> None:
        doc._.sentences, doc._.quotes = found
        doc._.conflict = doc._.conflict or conflicts.of(doc._.article)


class Attribute(Stage):
    name = "polemos_attribution"

    def find(self, doc: Doc):
        article = doc._.article
        if self.finder in WORDS:
            lex = lexicon.lexicon(article.language)
            hints = doc._.hints
            if hints is None and lang.lexicon(article.language).get("tools", "names"):
                hints = lexicon_names.persons(article.text, lex, Geocoder.default())
            return lexicon_sources.attribute(lexicon_sentences(doc), article, lex, hints)
        return attribution.attribute(doc, article)

    def set_annotations(self, doc: Doc, found) -> None:
        doc._.attributions = found


class Places(Stage):
    name = "polemos_places"

    def find(self, doc: Doc):
        article, geocoder = doc._.article, Geocoder.default()
        if self.finder in WORDS:
            lex = lexicon.lexicon(article.language)
            return lexicon_places.toponyms(article.text, lex, geocoder, lexicon.theatre(article, lex))
        return geocoder.toponyms(doc, article)

    def set_annotations(self, doc: Doc, found) -> None:
        doc._.places = found


class Events(Stage):
    name = "polemos_events"

    def find(self, doc: Doc):
        article = doc._.article
        if self.finder in WORDS:
            lex = lexicon.lexicon(article.language)
            war = lexicon.theatre(article, lex)
            zone = war.zone | war.profile.spillover
            if not war.profile.zone:   # a war of no profile is where the text's places are (as read in English)
                zone |= {p.country for p in doc._.places or () if p.country}
            mentions = lexicon_events.find_mentions(lexicon_sentences(doc), article, doc._.attributions, doc._.places,
                                                    lex, Geocoder.default(), zone)
            return mentions, events.written(mentions, article)
        if notes.is_note(article.text):   # an ACLED-style note: one event, whatever its verb
            return None, notes.extract(doc, article, doc._.attributions, doc._.places)
        return None, events.extract(doc, article, doc._.attributions, doc._.places)

    def set_annotations(self, doc: Doc, found) -> None:
        doc._.mentions, doc._.events = found


class Claims(Stage):
    name = "polemos_claims"

    def find(self, doc: Doc):
        article = doc._.article
        if self.finder in WORDS:
            return lexicon_claims.find_claims(lexicon_sentences(doc), doc._.attributions, doc._.mentions or [], article,
                                       lexicon.lexicon(article.language))
        return claims.extract_claims(doc, article, doc._.attributions)

    def set_annotations(self, doc: Doc, found) -> None:
        doc._.claims = found


for _stage in (Segment, Attribute, Places, Events, Claims):
    Language.factory(_stage.name, default_config={"finder": "parse"})(_stage)
