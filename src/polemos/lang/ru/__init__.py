"""The tools of ru: natasha (pinned, offline: its wheel ships the navec embeddings and slovnet's NER and syntax
models; pymorphy2's dictionaries give lemmas).

Loaded lazily, once per process, only the parts the language file's [tools] names: an English-only run imports
none of it. `lemmas` gives a word's dictionary forms ("Мариуполе" -> "Мариуполь") for the place finder; the component
`polemos_natasha` writes Doc._.hints (polemos.lang.ud): the persons NER finds, in their dictionary form and
romanised, and the subject of every verb from the syntax parse.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from polemos.lang import ud

PARTS = ("ner", "syntax", "morph")


@lru_cache(maxsize=1)
def _vocab():
    from natasha import MorphVocab
    return MorphVocab()


@lru_cache(maxsize=1)
def _embedding():
    from natasha import NewsEmbedding
    emb = NewsEmbedding()
    emb.vocab.counts = None    # word frequencies: no model reads them
    return emb


@lru_cache(maxsize=None)
def _model(part: str):
    """A natasha model. Each slovnet model loads its own copy of navec's 250,000-word vocabulary (40 MB): it is
    the embedding's, word for word, so the models share the embedding's one (NER and syntax: 130 MB, not 200)."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    if part == "segmenter":
        return Segmenter()
    emb = _embedding()
    model = {"ner": NewsNERTagger, "syntax": NewsSyntaxParser, "morph": NewsMorphTagger}[part](emb)
    own = model.infer.encoder.words_vocab
    if own.items == emb.vocab.words:
        own.items, own.item_ids = emb.vocab.words, emb.vocab.word_ids
    return model


@lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms of a word, written as the word is (capitalised): "Мариуполе" -> ("Мариуполь",);
    geographical names first."""
    parses = sorted(_vocab().parse(word.lower()), key=lambda p: "Geox" not in p.tag)
    out = [p.normal_form for p in parses]
    return tuple(dict.fromkeys(f[:1].upper() + f[1:] if word[:1].isupper() else f for f in out if f))


def person_name(words: list[str]) -> str:
    """A person's name in the nominative: "Хикмета Гаджиева" -> "Хикмет Гаджиев", "Марии Захаровой" -> "Мария
    Захарова" (the likeliest singular reading of each word, its gender kept); a word read as no singular stays."""
    out = []
    for w in words:
        best = next((p for p in _vocab().parse(w.lower()) if "sing" in p.tag), None)
        nominative = best.inflect({"Nom"}) if best is not None and "nomn" not in best.tag else None
        form = nominative.word if nominative is not None else w.lower()
        out.append(form[:1].upper() + form[1:])
    return " ".join(out)


def hints(text: str, parts: tuple[str, ...]) -> ud.Hints:
    """Persons and subjects of a text from the natasha models named in `parts`."""
    from natasha import Doc as NatashaDoc
    doc = NatashaDoc(text)
    doc.segment(_model("segmenter"))
    out = ud.Hints()
    if "morph" in parts:
        doc.tag_morph(_model("morph"))
    if "ner" in parts:
        doc.tag_ner(_model("ner"))
        out.persons = [(s.start, s.stop, ud.romanised(_normal(s, "morph" in parts))) for s in doc.spans
                       if s.type == "PER"]
    if "syntax" in parts:
        doc.parse_syntax(_model("syntax"))
        out.subjects = _subjects(doc)
    return out


def _normal(span, tagged: bool) -> str:
    """A person's name in the nominative: natasha's normalisation where the words are tagged in context
    ("по словам Вадима Даниеляна" -> "Вадим Даниелян"), else each word's likeliest reading."""
    if tagged:
        span.normalize(_vocab())
        if span.normal:
            return span.normal
    return person_name([t.text for t in span.tokens])


def _subjects(doc) -> dict[int, tuple[int, int]]:
    """The subject's words (its whole subtree) of each verb, by the verb's char start."""
    by_id = {t.id: t for t in doc.tokens}
    children: dict[str, list] = {}
    for t in doc.tokens:
        children.setdefault(t.head_id, []).append(t)
    out: dict[int, tuple[int, int]] = {}
    for t in doc.tokens:
        head = by_id.get(t.head_id)
        if t.rel in ud.SUBJECT_RELATIONS and head is not None:
            words = _subtree(t, children)
            out.setdefault(head.start, (min(w.start for w in words), max(w.stop for w in words)))
    return out


def _subtree(token, children: dict[str, list]) -> list:
    """A token and every token below it. slovnet picks each word's head on its own, so its heads may form a cycle:
    each token is visited once."""
    out, todo, seen = [], [token], {token.id}
    while todo:
        t = todo.pop()
        out.append(t)
        below = [c for c in children.get(t.id, ()) if c.id not in seen]
        seen.update(c.id for c in below)
        todo += below
    return out


@Language.factory("polemos_natasha", default_config={"parts": list(PARTS)})
def make_natasha(nlp: Language, name: str, parts: list[str]):
    """A component writing natasha's hints on each Doc (Doc._.hints)."""
    unknown = set(parts) - set(PARTS)
    if unknown:
        from polemos.errors import DataError, Errors
        raise DataError(Errors.E150.format(name=name, parts=", ".join(sorted(unknown)), known=", ".join(PARTS)))
    chosen = tuple(parts)

    def natasha(doc: Doc) -> Doc:
        doc._.hints = hints(doc.text, chosen)
        return doc
    return natasha
