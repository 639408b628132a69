"""Languages as data: one file per language, data/lang/<code>.toml, of one schema (polemos.lang.schema).

`lexicon(code)` loads and checks a language file: an unknown section or key, a value of the wrong kind or a regex
that does not compile is a DataError naming the file and the key. The stages read its words through the
Lexicon's accessors, compiled once: `rx` (whole words, case-insensitive), `pattern` (as written, its {pieces}
filled from the same section), `words`, `table`, `lists`. No stage names a word of any language.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Any

from polemos import resources
from polemos.errors import DataError, Errors
from polemos.lang.schema import SECTIONS, TOP

ENGLISH = "en"      # the language of the project's tables (speakers, actors, weapons...): others map onto it


@lru_cache(maxsize=1)
def codes() -> frozenset[str]:
    """Every language with a file under data/lang (or a POLEMOS_DATA folder's lang/)."""
    return frozenset(resources.names("lang", ".toml"))


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    """The checked lexicon of a language; DataError when it has no file or the file breaks the schema."""
    if code not in codes():
        raise DataError(Errors.E105.format(code=code, known=", ".join(sorted(codes()))))
    where = f"data/lang/{code}.toml"
    lex = Lexicon(code, where, resources.toml(f"lang/{code}.toml"))
    lex.check()
    return lex


@lru_cache(maxsize=None)
def tools(code: str) -> ModuleType | None:
    """The module of a language's own tools (polemos.lang.<code>: natasha for ru), imported on first use so
    that a language nobody reads loads none of it; the UD readers (polemos.lang.ud) for every language with
    [tools]. None for a language without tools of its own."""
    importlib.import_module("polemos.lang.ud")
    name = f"polemos.lang.{code}"
    if code == ENGLISH or importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


@dataclass(eq=False)
class Lexicon:
    code: str
    where: str                          # the file, for messages
    raw: dict[str, Any]
    _compiled: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ accessors

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.raw.get(section, {}).get(key, default)

    def rx(self, section: str, key: str) -> re.Pattern | None:
        """A regex of the file as whole words, case-insensitive; None when the language has none."""
        return self._compile(("rx", section, key), lambda v: rf"(?<![\w-])(?:{v})(?![\w-])", re.I)

    def pattern(self, section: str, key: str, flags: int = 0) -> re.Pattern | None:
        """A regex as written, its {pieces} filled with the section's other patterns."""
        return self._compile(("pattern", section, key, flags), lambda v: self.text(section, key), flags)

    def text(self, section: str, key: str, **extra: str) -> str | None:
        """A pattern's source with its {pieces} filled in (each piece may hold pieces of its own)."""
        value = self.get(section, key)
        return None if value is None else self.fill(section, value, key, **extra)

    def fill(self, section: str, template: str, key: str = "", **extra: str) -> str:
        """A template's {pieces}: the section's patterns of those names, or `extra`; doubled braces are literal."""
        names = set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", template))
        pieces = {n: extra[n] if n in extra else self.text(section, n, **extra) for n in names if n != key}
        try:
            return template.format(**pieces)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise DataError(Errors.E106.format(file=self.where, key=f"{section}.{key}", error=e)) from e

    def words(self, section: str, key: str) -> tuple[str, ...]:
        return tuple(self.get(section, key, ()))

    def lists(self, section: str, key: str) -> dict[str, list[str]]:
        return dict(self.get(section, key, {}))

    def table(self, section: str, key: str | None = None) -> tuple[tuple[re.Pattern, Any], ...]:
        """(whole-word regex, value) of a table: a section's own rows, or a table under `key`."""
        cache = ("table", section, key)
        if cache not in self._compiled:
            raw = self.raw.get(section, {}) if key is None else self.get(section, key, {})
            self._compiled[cache] = tuple((_word_rx(k), v) for k, v in raw.items())
        return self._compiled[cache]

    def triggers(self) -> tuple[tuple[re.Pattern, dict], ...]:
        """The event triggers, in precedence order: (whole-word regex, {"sub_event_type", "plover"})."""
        if "triggers" not in self._compiled:
            self._compiled["triggers"] = tuple((_word_rx(r["pattern"]), r) for r in self.raw.get("triggers", ()))
        return self._compiled["triggers"]

    def _compile(self, cache: tuple, source, flags: int) -> re.Pattern | None:
        if cache not in self._compiled:
            value = self.get(cache[1], cache[2])
            self._compiled[cache] = None if not value else re.compile(source(value), flags)
        return self._compiled[cache]

    # ------------------------------------------------------------ the schema

    def check(self) -> None:
        """Every key known and of its kind, every regex compiling: else a DataError naming file and key."""
        if self.raw.get("language") != self.code:
            raise DataError(Errors.E107.format(file=self.where, key="language", error=f"must be {self.code!r}"))
        for key, value in self.raw.items():
            if key in SECTIONS:
                if not isinstance(value, dict):
                    self._fail(key, "must be a table")
                for k, v in value.items():
                    kind = SECTIONS[key].get(k) or SECTIONS[key].get("*")
                    if kind is None:
                        self._fail(f"{key}.{k}", "unknown key")
                    self._check_value(f"{key}.{k}", kind, v, key, k)
            elif key in TOP:
                self._check_value(key, TOP[key], value, "", key)
            else:
                self._fail(key, "unknown section or key")

    def _check_value(self, name: str, kind: str, value: Any, section: str, key: str) -> None:
        ok = {"str": isinstance(value, str), "bool": isinstance(value, bool), "int": isinstance(value, int),
              "regex": isinstance(value, str), "pattern": isinstance(value, str),
              "words": _all(value, list, str), "pairs": isinstance(value, list) and all(
                  isinstance(p, list) and len(p) == 2 for p in value),
              "rows": _all(value, list, dict), "offsets": isinstance(value, list) and all(
                  isinstance(p, list) and len(p) == 3 for p in value),
              "table": isinstance(value, dict), "lists": isinstance(value, dict) and all(
                  _all(v, list, str) for v in value.values()),
              "maps": isinstance(value, dict) and all(
                  isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in value.values())}[kind]
        if not ok:
            self._fail(name, f"must be of kind {kind}")
        try:
            if kind == "regex":
                re.compile(value)
            elif kind == "pattern" and section:
                re.compile(self.text(section, key))
            elif kind == "table":
                for k in value:
                    _word_rx(k)
            elif kind == "rows":
                for n, row in enumerate(value, 1):
                    _word_rx(row["pattern"])
                    _known_types(row, f"{name}[{n}]", self)
        except (re.error, KeyError) as e:
            self._fail(name, f"bad regex: {e}")

    def _fail(self, key: str, error: str):
        raise DataError(Errors.E107.format(file=self.where, key=key, error=error))


def _known_types(row: dict, name: str, lex: Lexicon) -> None:
    """A trigger's types are ACLED's (data/acled_subtypes.toml) and PLOVER's (data/plover.toml)."""
    if row.get("sub_event_type") not in resources.toml("acled_subtypes.toml")["sub_types"]:
        lex._fail(name, f"sub_event_type {row.get('sub_event_type')!r} is not an ACLED sub-type")
    plover = resources.toml("plover.toml")
    if row.get("plover") not in plover["types"] and row.get("plover") not in plover["aliases"]:
        lex._fail(name, f"plover {row.get('plover')!r} is not a PLOVER type")


def _all(value: Any, outer: type, inner: type) -> bool:
    return isinstance(value, outer) and all(isinstance(v, inner) for v in value)   # type: ignore[attr-defined]


@lru_cache(maxsize=None)
def _word_rx(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)
