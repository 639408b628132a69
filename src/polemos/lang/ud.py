"""Readers of a Universal Dependencies parse, for any language whose tools give one (French: its spaCy model;
ru: natasha's slovnet syntax): the names of persons and who is the subject of each verb.

The lexicon finders read a language by its words; what a parse adds is written on the Doc as `Doc._.hints`, in
character offsets, so the finders need not know which tool made it:

  persons    (start, end, name): a person's name as the tools found it, in its dictionary form, romanised
  subjects   char start of a verb token -> (start, end) of its subject's words (UD nsubj, nsubj:pass)

A language's tools fill it (polemos.lang.ru for natasha; `from_spacy` for a spaCy UD model).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from anyascii import anyascii
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("hints"):
    Doc.set_extension("hints", default=None)

PERSON_LABELS = frozenset({"PER", "PERSON"})     # spaCy's fr/ru models and natasha say PER, English's PERSON
SUBJECT_RELATIONS = frozenset({"nsubj", "nsubj:pass"})


@dataclass
class Hints:
    """What a parse says that words alone do not."""
    persons: list[tuple[int, int, str]] = field(default_factory=list)
    subjects: dict[int, tuple[int, int]] = field(default_factory=dict)

    def subject_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The subject of the first verb inside the char span [start, end), if the parse gives it one."""
        return next((span for at, span in sorted(self.subjects.items()) if start <= at < end), None)

    def persons_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The persons named inside [start, end), offsets relative to `start`."""
        return [(a - start, b - start, name) for a, b, name in self.persons if start <= a and b <= end]


def romanised(name: str) -> str:
    """A name in Latin letters, as English reports spell most of them ("Вадим Даниелян" -> "Vadim Danielyan")."""
    return " ".join(anyascii(name).replace("'", "").split())   # "Илья" -> "Il'ya" -> "Ilya"


def from_spacy(doc: Doc) -> Hints:
    """The hints of a Doc a spaCy UD model parsed: its PER entities, each nsubj's words by its verb."""
    hints = Hints()
    for e in doc.ents:
        if e.label_ in PERSON_LABELS:
            name = " ".join(t.text for t in e if not t.is_punct)
            hints.persons.append((e.start_char, e.end_char, romanised(name)))
    for t in doc:
        if t.dep_ in SUBJECT_RELATIONS and t.head is not t:
            words = list(t.subtree)
            hints.subjects.setdefault(t.head.idx, (words[0].idx, words[-1].idx + len(words[-1].text)))
    return hints


@Language.factory("polemos_ud_hints", default_config={"parts": []})
def make_ud_hints(nlp: Language, name: str, parts: list[str]):
    """A component writing the hints of a spaCy UD parse on each Doc (Doc._.hints)."""
    def ud_hints(doc: Doc) -> Doc:
        doc._.hints = from_spacy(doc)
        return doc
    return ud_hints
