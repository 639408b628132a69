"""polemos.prefilter: a regex is skipped only where it cannot match, so a scan through it finds what a scan of every
row finds (invented wire sentences from many wars)."""
from __future__ import annotations

import copy
import re

import pytest

from polemos import actors, classify, conflicts, events, prefilter, resources, speakers

SENTENCES = [
    "Sudlandic forces shelled Kessa on Sunday, killing two civilians, the defence ministry said.",
    "Gunmen opened fire on worshippers at a mosque near Gao, a local official told AFP.",
    "Russian troops struck Kharkiv with drones overnight, the regional governor said.",
    "Houthi rebels fired a ballistic missile at a tanker in the Red Sea, the US military said.",
    "Boko Haram fighters abducted 40 girls from a school in Borno state, police said.",
    "The Israeli army said its jets hit Hamas targets in Gaza after rockets were fired.",
    "M23 rebels seized the town of Rubaya, a Congolese army spokesman said.",
    "Al-Shabaab claimed the car bomb that killed 12 people in Mogadishu.",
    "Azerbaijani artillery pounded positions near Martuni, the Armenian ministry said.",
    "TÜRKİYE'S ARMED FORCES STRUCK PKK POSITIONS IN NORTHERN IRAQ, THE MINISTRY SAID.",   # dotted capital I
    "Police fired tear gas at protesters in Dhaka; the army was deployed.",
    "No fighting was reported on Tuesday.",
]


def _matching(rxs, text):
    return [i for i, rx in enumerate(rxs) if rx.search(text)]


def test_the_strings_a_match_needs():
    need = prefilter.required(re.compile(r"(?<![\w-])(?:shell(?:ed|ing)|bombard(?:ed|ment))(?![\w-])", re.I))
    assert need == (frozenset({"shelled", "shelling", "bombarded", "bombardment"}),)
    sets = prefilter.required(re.compile(r"(?:malian|mali|bamako) (?:forces|army)|armed forces of mali"))
    assert frozenset({"mali", "bamako"}) in sets          # either way the country is named
    assert prefilter.required(re.compile(r"\w+ forces?")) == (frozenset({" force"}),)
    assert prefilter.required(re.compile(r"un|us")) == ()    # too short to tell: always run


def test_a_row_whose_words_are_absent_is_skipped_and_one_that_matches_is_kept():
    table = prefilter.Table([r"(?<![\w-])(?:rebels?)(?![\w-])", r"(?<![\w-])(?:airstrikes?)(?![\w-])", r"\bun\b"])
    assert table.which("Rebels attacked a convoy near Bunia.") == [0, 2]      # row 2 always runs
    assert table.which("An AIRSTRIKE hit a market in Idlib.") == [1, 2]


@pytest.mark.parametrize("text", ["the long ſhelling", "KYİV was shelled", "Iraqı troops"])
def test_letters_that_case_folding_takes_for_ascii_ones(text):
    rxs = [re.compile(r"shelling", re.I), re.compile(r"kyiv", re.I), re.compile(r"iraqi troops", re.I)]
    table = prefilter.Table([rx.pattern for rx in rxs])
    assert set(_matching(rxs, text)) <= set(table.which(text))


def test_every_table_row_that_matches_is_let_through():
    prof = conflicts.load()
    tables = [[prefilter.Table([resources.word_source(r["pattern"]) for r in actors._actor_specs(prof.name)]),
               [resources.word_pattern(r["pattern"]) for r in actors._actor_specs(prof.name)]],
              [events._trigger_table(), [events._trigger_table().pattern(i) for i in
                                         range(len(events._trigger_table().sources))]],
              [speakers._table(prof.name), [sp.pattern for sp in speakers.by_profile(prof.name)]]]
    names, cues = classify._cue_table("acled_subtypes.toml")
    tables.append([cues, [cues.pattern(i) for i in range(len(names))]])
    for table, rxs in tables:
        for text in SENTENCES + [s.lower() for s in SENTENCES]:
            assert set(_matching(rxs, text)) <= set(table.which(text)), text


def _unfiltered(table: prefilter.Table) -> prefilter.Table:
    every = copy.copy(table)
    every.which = lambda text: list(range(len(table.sources)))   # type: ignore[method-assign]
    return every


@pytest.mark.parametrize("country", [None, "ML", "SD", "UA"])
def test_parties_named_are_those_a_scan_of_every_row_finds(monkeypatch, country):
    prof = conflicts.load()
    asked = [(t, actors.parties_in(t, "international", prof, country), actors.names_party(t, prof)) for t in SENTENCES]
    real = actors._table
    monkeypatch.setattr(actors, "_table", lambda name, enemy: _unfiltered(real(name, enemy)))
    actors._found.cache_clear()
    try:
        for text, hits, named in asked:
            assert actors.parties_in(text, "international", prof, country) == hits, text
            assert actors.names_party(text, prof) == named, text
    finally:
        actors._found.cache_clear()
    assert any(hits for _, hits, _ in asked)


def test_the_cache_file_is_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("POLEMOS_CACHE", str(tmp_path))
    sources = [r"(?<![\w-])(?:mortar fire|mortars?)(?![\w-])", r"(?<![\w-])(?:ambush(?:ed)?)(?![\w-])"]
    first = prefilter.Table(sources, name="test")
    assert list(tmp_path.glob("prefilter-*-test.json"))
    assert prefilter.cached(sources, re.I, "test") and not prefilter.cached(sources[:1], re.I, "test")
    again = prefilter.Table(sources, name="test")
    assert again.needs == first.needs
    assert again.which("Militants ambushed a patrol in Tillaberi.") == [1]


def test_a_bad_regex_is_an_error_when_the_table_is_built(tmp_path, monkeypatch):
    monkeypatch.setenv("POLEMOS_CACHE", str(tmp_path))
    with pytest.raises(re.error):
        prefilter.Table([r"(?<!a+)shelled"], name="bad")
