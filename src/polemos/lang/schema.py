"""The schema of a language file, data/lang/<code>.toml: one for every language, English included.

Every key is optional unless marked required; a language fills what its readers need. Kinds:

  str       a plain string                    bool / int   as in TOML
  regex     a regex matched case-insensitively as whole words (\\w* takes endings; literal strings '...' keep
            backslashes as written)
  pattern   a regex used as written (a suffix, a template with {name} pieces filled from its section,
            literal braces doubled: {{1,2}})
  words     a list of words or phrases (lower case)
  table     regex -> value (an English word of the project's tables, a PLOVER type, a number...)
  pairs     a list of [from, to] pairs (case endings, letters)
  rows      a list of tables (triggers: pattern, sub_event_type, plover)
  offsets   a list of [regex, days before publication, time precision]
  lists     type name -> words (claims, cues of a kind)
  maps      name -> (word -> word) (a word form -> its lemma)

Sections and keys (what reads them in brackets):

  top level     language (str, required: the file's code), spacy (str: spaCy's language class, "xx" when it
                has none), parser (str: a spaCy model package that parses the language fully), speaker_first
                (bool: verb-final, the sentence's first speaker says it), finder (str: the source finder, "parse"
                or "lexicon"; by default "parse" for a language with a parser), places_of (words: ISO codes of the
                states whose place names are written in it), romanised (pairs: its letters and their
                English spellings, for the gazetteer)
  triggers      rows: event triggers in ACLED precedence order (events, the lexicon finders)
  attribution   regexes of the lexicon finders' cues (speech, according, denial, ...)
  speakers, countries, organisations, actors, weapons, targets
                tables: the language's words -> the English words of the project's tables
  cues          English-style cue lexicon of a parsed language: verbs/phrases/pronouns/stance (lists of words
                or lemmas) and forms (table: a verb form -> its lemma)
  claims        the lexicon finders' tables (verbs, words, outlet: regex -> PLOVER type) and a parsed
                language's phrases (lists by PLOVER type: phrases, cues, outlet_phrases, qualifies, unless,
                guests, tally, losses)
  tools         the language's tools (polemos.lang.<code>, polemos.lang.ud): pipe (str: their spaCy component,
                run after the parser or sentencizer, writing Doc._.hints), parts (words: which of their models it
                loads), lemmas (bool: the place finder also tries the dictionary forms of a word), exclude (words:
                components of the parser's model not loaded), names (bool: without a NER, a run of capitalised
                words no table knows is a person, polemos.lexicon.names; not for German, which capitalises nouns)
  sentences     a language read by a sentencizer: split_suffixes (words: marks glued to the word before them that
                the tokenizer must split off, hy "։"), punct_chars (words: the marks that end a sentence)
  places, dates, casualties, events, claimants, detect
                the words of those stages (see en.toml for every key; a lexicon language's dates.month_day has the
                named groups month, day and year, its {month_names} filled from [dates.months])
"""
from __future__ import annotations

TOP = {"language": "str", "spacy": "str", "parser": "str", "finder": "str", "speaker_first": "bool",
       "places_of": "words",
       "romanised": "pairs", "triggers": "rows"}

SECTIONS: dict[str, dict[str, str]] = {
    "attribution": {k: "regex" for k in (
        "speech", "according", "according_after", "denial_verb", "denial", "reported", "hedge", "backref", "pronoun",
        "person", "and",
        "complementizer", "continuation", "irrealis", "ended", "negation", "negated_form", "agent", "agent_after",
        "background", "genitive", "oblique")},
    **{name: {"*": "str"} for name in ("speakers", "countries", "organisations", "actors", "weapons", "targets")},
    "places": {"names": "table", "suffixes": "pairs", "spellings": "pairs", "locative": "regex", "origin": "regex",
               "capital": "regex",
               "stop": "regex", "locative_suffix": "pattern", "origin_suffix": "pattern", "origin_after": "pattern",
               "unit_words": "pattern", "name_run": "pattern", "village_list": "pattern", "bare_list": "pattern",
               "not_names": "words", "village_of": "pattern", "named_village": "pattern", "and_tail": "pattern",
               "located_in": "pattern", "near": "pattern", "possessive": "pattern", "article": "pattern",
               "village_tail": "pattern", "district_of": "pattern", "capital_phrase": "pattern",
               "capital_of": "pattern", "enclave": "pattern", "elision": "pattern",
               # chains, distances, parts of a country, names that are no place (polemos.chains, locate)
               "link_in": "pattern", "link_near": "pattern", "owner_link": "pattern", "link_rev": "pattern",
               "list_joint": "pattern", "chain_tail": "pattern", "offset": "pattern",
               "lengths": "table", "bearings": "table", "part_before": "pattern", "part_after": "pattern",
               "part_name": "pattern", "vessel": "pattern", "attributive": "pattern", "dateline": "pattern",
               "meeting": "pattern", "particle": "pattern", "common_before": "pattern",
               "fine_units": "pattern", "locative_after": "pattern", "seat_before": "pattern",
               "seat_link": "pattern", "spelling_folds": "pairs"},
    "dates": {"months": "table", "weekdays": "table", "relative": "table", "since": "regex", "since_after": "pattern",
              "tally": "regex", "past_year": "regex", "month_names": "pattern", "month_numbers": "words",
              "weekday_names": "words", "day_month": "pattern", "month_day": "pattern", "night": "pattern",
              "absolute": "pattern", "weekday": "pattern", "weekend": "pattern", "since_date": "pattern",
              "offsets": "offsets", "next_day": "pattern", "since_word": "str", "on_word": "str", "range": "pattern",
              "approximate": "pattern", "month_only": "pattern", "month_parts": "lists",
              "span": "pattern", "month_past": "pattern"},
    "casualties": {"killed": "regex", "injured": "regex", "civilians": "regex", "none": "regex", "not_count": "regex",
                   "numbers": "table", "vague": "pattern", "who": "pattern", "aside": "pattern",
                   "killed_words": "pattern", "injured_words": "pattern", "civilian_words": "pattern",
                   "killed_patterns": "words", "injured_patterns": "words", "no_killed": "pattern",
                   "no_injured": "pattern", "negated": "pattern", "articles": "pattern", "auxiliary": "pattern",
                   "number_suffix": "pattern"},
    "claims": {"verbs": "table", "words": "table", "outlet": "table", "phrases": "lists", "cues": "lists",
               "outlet_phrases": "lists", "qualifies": "lists", "unless": "lists", "guests": "lists",
               "tally": "lists", "losses": "lists", "concessive": "words", "forces": "pattern",
               "refused": "words"},
    "cues": {"verbs": "lists", "phrases": "lists", "pronouns": "lists", "stance": "lists", "forms": "maps"},
    "events": {k: "pattern" for k in (
        "irrealis", "agent", "in_country", "owner_after", "unit_named", "list_joint", "contained_in",
        "elsewhere_before", "elsewhere_after", "might_reach", "background", "running", "habitual", "credit", "link",
        "the_town", "channel_gap", "denial", "assertion", "toll_at", "by_word", "from_word", "target_words",
        "of_word", "under_word", "undergo", "since_clause", "note_opening", "note_months", "note_place",
        "group_name", "note_tag", "repelled",
        "own_pronouns", "under_way")}
    | {"ended": "regex", "note_words": "int"},
    "claimants": {"determiner": "pattern", "maker": "pattern", "quantity": "pattern", "countrys": "pattern",
                  "channel_nouns": "words", "plural": "words", "title_skip": "words", "personal": "words",
                  "first_person": "words", "group": "words", "impersonal": "words", "office": "words",
                  "organisation": "words",
                  "possessive": "words", "forces": "words", "enemy": "str", "joint": "str"},
    "detect": {"common": "words"},
    "sentences": {"split_suffixes": "words", "punct_chars": "words"},
    "tools": {"pipe": "str", "parts": "words", "lemmas": "bool", "exclude": "words", "names": "bool"},
}
