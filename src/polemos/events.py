"""Events: physical conflict events from the sentences of one parsed article.

Finding (trigger, places, actors, tolls per sentence) and writing (one Event per place, with the
claimant of the sentence) are apart, as in spaCy's components. Tables live in data/*.csv.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from polemos import actors, casualties, classify, conflicts, dates, event_dates, lang, resources, roles, world
from polemos.actors import ATTACKS, acted_upon, acting, actor_in, default_actor, names_party
from polemos.conflicts import Profile
from polemos.event_words import ended, furniture, is_background, rules, toll_at
from polemos.locate import event_places, same_spot
from polemos.prefilter import Table
from polemos.types import Article, Attribution, Event, Place, Span

EVENT_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Shelling/artillery/missile attack": "Explosions/Remote violence", "Air/drone strike": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence", "Chemical weapon": "Explosions/Remote violence",
    "Attack": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests", "Violent demonstration": "Riots", "Mob violence": "Riots",
}


@dataclass
class Mention:
    """One event as found in one sentence, before it is written out per place."""
    sub_event_type: str
    plover: str
    sentence: Span
    trigger: Span
    places: list[Place]
    attribution: Attribution
    actor1: str | None = None
    actor1_side: str | None = None
    actor2: str | None = None
    killed: casualties.Count | None = None
    injured: casualties.Count | None = None
    weapon: str | None = None
    target: str | None = None
    civilian: bool = False
    date: dates.DateMention | None = None
    extra: dict = field(default_factory=dict)


def _matches(table: str, text: str) -> list[tuple[re.Match, dict]]:
    """Each row's first match in the text, for the rows that match."""
    return [(m, row) for rx, row in resources.patterns(table) for m in [rx.search(text)] if m]


def first_match(table: str, text: str, hits: list[tuple[re.Match, dict]] | None = None) -> tuple[re.Match, dict] | None:
    hits = _matches(table, text) if hits is None else hits
    return min(hits, key=lambda h: h[0].start()) if hits else None


@dataclass(frozen=True)
class Cue:
    """Where a codebook cue stands in a sentence (read like a regex match)."""
    begin: int
    stop: int
    words: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def span(self) -> tuple[int, int]:
        return self.begin, self.stop

    def group(self, _: int = 0) -> str:
        return self.words


def triggers(text: str, codebook: bool = True) -> list[tuple[re.Match, dict]]:
    """The events a sentence tells: its triggers (`wire`), or, where they are silent or the codebook's precedence
    outranks them (chemical weapons, suicide bombs, demonstrations, riots, mobs, sexual violence), the sub-type the
    ACLED codebook's cues give it (data/acled_subtypes.toml, the lexicon `polemos classify` reads)."""
    text = masked(text)   # "the National Liberation Army": a group's name tells no event
    out = wire(text)
    decided = classify.decide(text) if codebook else None
    stage = classify.codebook()["event_stage"]
    out = _small_arms(out, decided, text)
    if decided is None or decided.label not in stage["finds"] or _unreal(text, decided.first, decided.end) or \
            (decided.label in stage["needs_actor"] and not names_party(text)) or \
            _quiet().fullmatch(text[decided.start:decided.end]):
        return out
    if decided.label in REMOTE:   # "the launch of a drone that struck Tel Aviv": the weapon the sentence names
        out = [(m, row | {"sub_event_type": decided.label, "unnamed": False}) if row.get("unnamed") else (m, row)
               for m, row in out]
    if not out or decided.tier < CODEBOOK_TIER or decided.label in stage["outranks"]:
        row = {"sub_event_type": decided.label, "plover": classify.plover_of(decided.label), "codebook": True}
        return [(Cue(decided.start, decided.end, text[decided.start:decided.end]), row)]   # type: ignore[list-item]
    return out


def _small_arms(out: list[tuple[re.Match, dict]], decided, text: str) -> list[tuple[re.Match, dict]]:
    """"Gunmen opened fire on worshippers": fire with no weapon named (`vague`) by men with guns is no shelling."""
    words = "|".join(f"(?:{w})" for w in classify.codebook()["event_stage"]["small_arms"])
    if not (decided and decided.label in ("Attack", "Armed clash") and re.search(rf"\b(?:{words})\b", text, re.I)):
        return out
    label = {"sub_event_type": decided.label, "plover": classify.plover_of(decided.label)}
    return [(m, row | label if row.get("vague") else row) for m, row in out]


def masked(text: str) -> str:
    """The text with the armed groups' names blanked out, offsets kept (what the codebook's cues may read)."""
    blank = lambda m: "x" * len(m.group(0))   # noqa: E731
    return rules().group_name.sub(blank, actors.mask_groups(text))


@lru_cache(maxsize=1)
def _quiet() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in classify.codebook()["event_stage"]["quiet"]), re.I)


CODEBOOK_TIER = 4      # the codebook's tier of violent and strategic events: the tiers above it outrank the triggers


def _unreal(text: str, start: int, end: int) -> bool:
    """What may, should or will happen, what came before the news ("since X captured"), fighting that stopped."""
    before = text[max(0, start - 40):start]
    return bool(rules().irrealis.search(before) or rules().since_clause.search(before)) or \
        ended(rules().ended, text, end)


def wire(text: str) -> list[tuple[re.Match, dict]]:
    """Every trigger row's first real match in the sentence, in table order (ACLED precedence): not what may,
    should or will happen, nor fighting the sentence says has stopped."""
    out: list[tuple[re.Match, dict]] = []
    taken: list[tuple[int, int]] = []
    table = lang.lexicon(lang.ENGLISH).triggers()
    for rx, row in (table[i] for i in _trigger_table().which(text)):
        # "drone strike on": words read by a row before it in precedence are not read again by a later row
        real = [m for m in rx.finditer(text) if not _unreal(text, m.start(), m.end())
                and not any(m.start() < end and start < m.end() for start, end in taken)]
        if real:
            out.append((real[0], row))
            taken += [m.span() for m in real]
    if any(not row.get("unnamed") and row["sub_event_type"] in REMOTE for _, row in out):
        out = [h for h in out if not h[1].get("unnamed")]   # "missiles struck": the weapon is named
    named = {row["sub_event_type"] for _, row in out if not row.get("vague")}
    out = [h for h in out if not (h[1].get("vague") and h[1]["sub_event_type"] in named)]   # one row of a kind
    return out


REMOTE = {"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
          "Suicide bomb", "Chemical weapon"}


def _nearest_trigger(place: Place, hits: list[tuple[re.Match, dict]], offset: int):
    """"Denied using aviation and accused Sudlandic forces of shelling Kessa": a place takes the trigger told
    nearest before it; with none before it, the first in precedence order."""
    before = [h for h in hits if offset + h[0].start() < place.span.start]
    return max(before, key=lambda h: h[0].start()) if before else hits[0]


@lru_cache(maxsize=1)
def _trigger_table() -> Table:
    """The trigger rows with the words each needs: most sentences hold no trigger, and a row runs only on a
    sentence that has its words."""
    return Table([rx.pattern for rx, _ in lang.lexicon(lang.ENGLISH).triggers()], name="triggers-en")


def trigger(text: str) -> tuple[re.Match, dict] | None:
    found = triggers(text)
    return found[0] if found else None


def attribution_of(span: Span, attributions: list[Attribution], article: Article) -> Attribution:
    """The attribution covering most of `span`; the outlet's own voice when none does."""
    best, best_overlap = None, 0
    for a in attributions:
        overlap = min(a.span.end, span.end) - max(a.span.start, span.start)
        if overlap > best_overlap:
            best, best_overlap = a, overlap
    return best or Attribution(span=span, claimant="the outlet itself",
                               claimant_side=article.side or "unknown")


def _sentences(doc) -> list[Span]:
    return [Span(s.start_char, s.end_char) for s in doc.sents]


def _verbless(doc) -> set[int]:
    """Start offsets of the sentences with no verb: lists cut off from the sentence they belong to."""
    return {s.start_char for s in doc.sents if not any(t.pos_ in ("VERB", "AUX") for t in s)}


def find_mentions(doc, article: Article, attributions: list[Attribution], places: list[Place]) -> list[Mention]:
    text, out = article.text, []
    prof = conflicts.of(article)
    sents, verbless = _sentences(doc), _verbless(doc)
    last: tuple[int, Mention] | None = None
    for i, sent in enumerate(sents):
        stext = sent.of(text)
        found = dates.find(stext, article.date)
        if furniture(text, sent):
            last = (last[0] + 1, last[1]) if last else None   # a link or caption does not part an event from its sequel
            continue
        if is_background(stext, found, article.date):
            continue   # the war's start told again
        attribution = attribution_of(sent, attributions, article)
        since = next((d for d in found if d.since), None)
        if since and casualties.killed(stext):   # a cumulative tally: kept as one, never as one day's event
            out += _tally(sent, since, attribution, places, text, article)
            continue
        hits = triggers(stext)
        recent = last[1] if last and i - last[0] <= 2 else None
        if not hits:
            follow = _follow_up(recent, sent, attribution, places, text, sent.start in verbless,
                                i == last[0] + 1, prof) if recent else None
            if follow:
                out.append(follow)
                last = (i, follow)
            elif (own := _voiced(out, sents[max(0, i - 2)].start, attribution, prof)) and \
                    not event_places(places, sent, attribution, text) and \
                    (casualties.killed(stext) or casualties.injured(stext)):
                _add_toll(own, stext)   # "It exploded in Valdor. No one was hurt.", the toll its teller gives after
                last = (i, own)          # still the same event: what follows may answer it
            elif (death := _death_elsewhere(out, sent, attribution, places, text)):
                describe(death, sents, i, text, article, attributions)
                out.append(death)
                last = (i, death)
            continue
        where = event_places(places, sent, attribution, text) or _anaphor(stext, sents, i, places, attribution, text)
        if not where:
            if recent:   # "the shelling killed three": the toll of the event just told (by its teller)
                _add_toll(_voiced(out, sents[max(0, i - 2)].start, attribution, prof) or recent, stext)
            continue
        for m, row, at in split_by_trigger(hits, where, sent.start):
            mention = Mention(row["sub_event_type"], row["plover"], sent,
                              Span(sent.start + m.start(), sent.start + m.end()), at, attribution,
                              extra={"unnamed": bool(row.get("unnamed"))})
            describe(mention, sents, i, text, article, attributions, doc)
            out.append(mention)
            last = (i, mention)
    return out


def _voiced(told: list[Mention], since: int, a: Attribution, prof: Profile) -> Mention | None:
    return next((m for m in reversed(told) if m.sentence.start >= since and _same_voice(a, m.attribution, prof)), None)


def _same_voice(a: Attribution, b: Attribution, prof: Profile) -> bool:
    """One account told on: the same claimant, or ("officials of one side said five were killed") the same party."""
    return a.claimant == b.claimant or (a.claimant_side == b.claimant_side and a.claimant_side in prof.parties)


def _death_elsewhere(told: list[Mention], sent: Span, attribution: Attribution, places: list[Place],
                     text: str) -> Mention | None:
    """"One civilian was killed in the Tamsin region": a death with no weapon named, in an article that has told
    how this war kills (its last violent event), is one more of those."""
    count = casualties.killed(sent.of(text))
    where = event_places(places, sent, attribution, text) if count and count.number else []
    kind = next((m for m in reversed(told) if m.sub_event_type in ATTACKS and not m.extra.get("tally")), None)
    if not where or kind is None:
        return None
    return Mention(kind.sub_event_type, kind.plover, sent, Span(sent.start, sent.start), where, attribution)


def _anaphor(stext: str, sents: list[Span], i: int, places: list[Place], attribution: Attribution,
             text: str) -> list[Place]:
    """"Valdor came under fire. The town's hospital was hit again": "the town" is the one town named in the
    sentence before it (or the one before that), when exactly one is."""
    if not rules().the_town.search(stext):
        return []
    for prev in reversed(sents[max(0, i - 2):i]):
        towns = [p for p in event_places(places, prev, attribution, text) if p.geo_precision == 1]
        if towns:
            return towns if len({p.name for p in towns}) == 1 else []
    return []


def split_by_trigger(hits, where: list[Place], offset: int):
    """(trigger match, row, places) per event the sentence tells: violent places grouped by their nearest
    trigger, and every place again for an agreement told beside them."""
    violent = [h for h in hits if h[1]["sub_event_type"] != "Agreement"]
    agreed = [h for h in hits if h[1]["sub_event_type"] == "Agreement"]
    groups: dict[int, tuple] = {}
    for place in where if violent else []:
        m, row = _nearest_trigger(place, violent + agreed, offset)
        if row["sub_event_type"] == "Agreement":
            continue   # "a ceasefire in Kessa came into force, but shelling went on": the place is the truce's
        groups.setdefault(m.start(), (m, row, []))[2].append(place)
    out = sorted(groups.values(), key=lambda g: g[0].start())
    out += [(m, row, where) for m, row in agreed]
    return out


def _tally(sent: Span, since: dates.DateMention, attribution: Attribution, places: list[Place], text: str,
           article: Article) -> list[Mention]:
    """"Since September 27, 41 civilians have been killed in Valdor": a count over a span of days, dated
    to its report with the span's precision (ACLED: 2 for up to a week, 3 for longer)."""
    where = event_places(places, sent, attribution, text)
    hit = trigger(sent.of(text))
    if not where:
        return []
    days = (article.date - since.date).days
    span = dates.DateMention(since.start, since.end, article.date, 2 if days <= 7 else 3)
    sub, plover = (hit[1]["sub_event_type"], hit[1]["plover"]) if hit else ("Shelling/artillery/missile attack",
                                                                            "ASSAULT")
    mention = Mention(sub, plover, sent, Span(sent.start, sent.start), where, attribution,
                      killed=casualties.killed(sent.of(text)), date=span, extra={"tally": True})
    prof = conflicts.of(article)
    mention.actor1, mention.actor1_side = actor_in(sent.of(text), attribution.claimant_side, prof,
                                                   where[0].country) or (None, None)
    return [mention]


def denial_of(told: Mention, sent: Span, attribution: Attribution, prof: Profile) -> Mention:
    """The event just told, as the other side's denial of it: no toll, and a party denies for its own forces."""
    copy = dataclasses.replace(told, sentence=sent, attribution=attribution, killed=None, injured=None)
    if prof.side_actor(attribution.claimant_side):
        copy.actor1, copy.actor1_side = prof.side_actor(attribution.claimant_side), attribution.claimant_side
    return copy


def _follow_up(recent: Mention, sent: Span, attribution: Attribution, places: list[Place],
               text: str, fragment: bool, adjacent: bool, prof: Profile) -> Mention | None:
    """A sentence with no trigger of its own that carries on the event just told: a list of further places
    ("Lesno and Upper Dorn villages of Tamsin district"), or the other side's denial ("These are lies,"
    the ministry said) of that event."""
    where = event_places(places, sent, attribution, text)
    denial = attribution.stance == "denied" and attribution.claimant != recent.attribution.claimant
    if denial and not where and adjacent:   # "Vellgrad denies it." answers the sentence just before, no other
        return denial_of(recent, sent, attribution, prof)
    if where and attribution.claimant == recent.attribution.claimant and fragment:
        return dataclasses.replace(recent, sentence=sent, places=where, killed=None, injured=None)
    return None


def _add_toll(mention: Mention, stext: str) -> None:
    large = mention.sub_event_type == "Armed clash"
    mention.killed = mention.killed or casualties.killed(stext, large)
    mention.injured = mention.injured or casualties.injured(stext, large)
    if mention.killed and mention.killed.civilians and mention.sub_event_type in TARGETING:
        mention.civilian, mention.actor2 = True, "Civilians"


TARGETING = ATTACKS - {"Disrupted weapons use"}   # ACLED: a weapon stopped targets nobody
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
ABDUCTION = "Abduction/forced disappearance"


def _actors(mention: Mention, doc, sents: list[Span], i: int, text: str, article: Article, told: list[Attribution]):
    """Who acted, by the trigger's roles in the parse (the sentences before it when it names nobody); a place
    taken is the government's regained when the state whose place it is takes it, else a non-state (or foreign)
    actor's (ACLED); no actor named: the one a party's report blames."""
    stext, side, prof = mention.sentence.of(text), mention.attribution.claimant_side, conflicts.of(article)
    here = mention.places[0].country if mention.places else None
    territory = mention.sub_event_type in TERRITORY
    src, target = mention.attribution.source_span, None
    if doc is not None and mention.trigger.end > mention.trigger.start:
        found = roles.of(doc, mention.trigger.start, mention.trigger.end, territory)
        actor = acting(stext, mention.sentence.start, found, side, prof, here, (src.start, src.end) if src else None,
                       roles.speaker_acts(doc, mention.attribution.cue_span, mention.trigger))
        target = acted_upon(stext, mention.sentence.start, found, side, prof, here)
        mention.actor2 = target[0] if target and target != actor else None
    else:
        actor = actor_in(stext, side, prof, here)
    actor = actors.context_actor(actor, sents, i, text, (side, here), told, prof)
    actor = None if mention.sub_event_type == "Agreement" else actor   # its parties are governments, not forces
    start, end = mention.trigger.start - mention.sentence.start, mention.trigger.end - mention.sentence.start
    fought_off = actors.repelled(stext[start:end], actor, target, side, prof, text)
    if fought_off:   # "the army repelled an attack": who attacked is the first actor
        actor, mention.actor2 = fought_off
    if territory:
        actor = _territory(mention, actor, prof, stext)
    strike = prof.sides[actor[1]].strike if actor and mention.extra.get("unnamed") and actor[1] in prof.sides else None
    if strike:   # "an Israeli strike on": the striking side's usual weapon
        mention.sub_event_type = strike
    mention.actor1, mention.actor1_side = actor or default_actor(mention.sub_event_type, mention.attribution, stext,
                                                                 prof, here, text)
    if mention.sub_event_type == "Arrests" and world.inter(mention.actor1) in ("2", "3", "4"):   # only a state arrests
        mention.sub_event_type, mention.plover = ABDUCTION, classify.plover_of(ABDUCTION)


def _territory(mention: Mention, actor: tuple[str, str | None] | None, prof: Profile, stext: str):
    """The sub-type of a place taken and who took it. A war whose territorial changes were its recaptures
    (`regains`): the state whose place it is regains it. Else by who takes it: the state of the place (or a force
    on its side) regains it, anyone else overtakes it; nobody named: the rules' reading of the words."""
    owner = prof.state_of(mention.places[0].country) if mention.places else None
    if prof.regains:
        if owner and actor and actor[1] != owner[1]:
            mention.actor2 = actor[0]
        mention.sub_event_type = "Government regains territory"
        return owner or actor
    if actor is None:
        mention.sub_event_type = classify.territory(stext)
        return None
    state = conflicts.state_of_side(actor[1], prof)
    here = mention.places[0].country if mention.places else None
    mention.sub_event_type = TERRITORY[0] if state and state == here else TERRITORY[1]
    return actor


def describe(mention: Mention, sents: list[Span], i: int, text: str, article: Article,
              attributions: list[Attribution], doc=None) -> None:
    stext = mention.sentence.of(text)
    prof = conflicts.of(article)
    _actors(mention, doc, sents, i, text, article, attributions)
    following = [sents[j].of(text) for j in (i + 1,) if j < len(sents) and not trigger(sents[j].of(text))
                 and attribution_of(sents[j], attributions, article).claimant == mention.attribution.claimant]
    large = mention.sub_event_type == "Armed clash"
    for chunk in [stext] + following:
        mention.killed = mention.killed or casualties.killed(chunk, large)
        mention.injured = mention.injured or casualties.injured(chunk, large)
    weapon = first_match("weapons.csv", stext)
    mention.weapon = weapon[1]["weapon"] if weapon else None
    targets = _matches("targets.csv", stext)
    target = first_match("targets.csv", stext, targets)
    mention.target = target[1]["target"] if target else None
    civilian_hit = any(c and c.civilians for c in (mention.killed, mention.injured))
    # "shelling positions and civilian settlements": any civilian target named makes civilians a target
    civilian_named = any(row["civilian"] == "1" for _, row in targets)
    mention.civilian = mention.sub_event_type in TARGETING and (civilian_named or civilian_hit)
    if mention.civilian:
        mention.actor2 = "Civilians"
    elif mention.sub_event_type == "Armed clash" and mention.actor1_side and not mention.actor2:
        mention.actor2 = prof.side_actor(prof.opponent(mention.actor1_side))
    mention.date = event_dates.date_of(mention, sents, i, text, article)


def _local_stance(place: Place, sentence: Span, text: str, stance: str) -> str:
    """"Sudland denied targeting Valdor and accused Norlandic forces of shelling Kessa": the nearest cue before a
    place decides its stance, so one sentence can deny one event and assert another."""
    before = text[sentence.start:place.span.start] if place.span else ""
    denial = [m.end() for m in rules().denial.finditer(before)]
    if not denial:
        return stance
    assertion = [m.end() for m in rules().assertion.finditer(before) if m.end() > denial[-1]]
    return stance if assertion else "denied"


def _share(count: casualties.Count | None, mention: Mention, text: str) -> list[int | None]:
    """A toll over the mention's places: all of it to the place the text puts it at ("one civilian was killed in
    Valdor"), else split by ACLED's rule."""
    n = len(mention.places)
    if count is None:
        return [None] * n
    sent = mention.sentence.of(text)
    at = sent.find(count.text)
    if n > 1 and at >= 0:
        end = mention.sentence.start + at + len(count.text)
        after = text[end:end + 60]
        for k, place in enumerate(mention.places):
            names = "|".join(re.escape(x) for x in {place.mention, place.name} if x)
            if names and re.match(toll_at(names), after):
                return [count.number if j == k else 0 for j in range(n)]
    return casualties.split(count.number, n)


# publication date read from the text (days off at most), known to its month only, or assumed
INFERRED_PRECISION = {"text": 2, "month": 3, "default": 3}


def write(mention: Mention, article: Article) -> list[Event]:
    """One Event per place of the mention; a toll over several places split by ACLED's rule (see _share)."""
    killed = _share(mention.killed, mention, article.text)
    injured = _share(mention.injured, mention, article.text)
    day = mention.date.date if mention.date else article.date
    precision = mention.date.precision if mention.date else 1
    if mention.date is None or mention.date.relative:      # the day was counted from the publication date
        precision = max(precision, INFERRED_PRECISION.get(article.date_source, 1))
    a = mention.attribution
    out = [Event(event_type=EVENT_TYPE[mention.sub_event_type], sub_event_type=mention.sub_event_type,
                  date=day.isoformat(), location=place, claimant=a.claimant, claimant_side=a.claimant_side,
                  evidence=mention.sentence.of(article.text), evidence_span=mention.sentence, plover=mention.plover,
                  time_precision=precision, actor1=mention.actor1, actor1_side=mention.actor1_side,
                  actor2=mention.actor2, civilian_targeting=mention.civilian, fatalities=killed[k],
                  fatalities_text=mention.killed.text if mention.killed else None, injured=injured[k],
                  injured_text=mention.injured.text if mention.injured else None, weapon=mention.weapon,
                  target=mention.target, attribution_cue=a.cue, cue_span=a.cue_span, stance=a.stance,
                  hedged=a.hedged, relayed_by=a.relayed_by, tally=bool(mention.extra.get("tally")))
           for k, place in enumerate(mention.places) if _sited(mention, place, article.text)]
    for e in out:
        e.actor1 = e.actor1 or _crowd(e)
        if e.actor2 == "Civilians":   # ACLED names the civilians by the country of the event
            e.actor2 = _of_country("Civilians", e.location.country) or e.actor2
        stance = _local_stance(e.location, mention.sentence, article.text, a.stance)
        if stance == "denied" != a.stance:
            e.stance, e.fatalities = stance, None
            e.actor1, e.actor1_side = conflicts.of(article).side_actor(a.claimant_side) or e.actor1, a.claimant_side
    return out


def _crowd(e: Event) -> str | None:
    """ACLED names a crowd by its country: "Protesters (Kenya)", "Rioters (Chile)"."""
    kind = {"Protests": "Protesters", "Riots": "Rioters"}.get(e.event_type)
    return _of_country(kind, e.location.country) if kind else None


def _of_country(kind: str, iso: str | None) -> str | None:
    """"Civilians (Sudan)": a kind of actor by the country as ACLED spells it (data/states.csv)."""
    row = world.state(iso)
    name = row["acled_country"] if row else _country_names().get(iso or "")
    return f"{kind} ({name})" if name else None


def _sited(mention: Mention, place: Place, text: str) -> bool:
    """A sub-type the codebook ties to one site (a base is set up somewhere: data/acled_subtypes.toml, site =
    true) told as under way ("are establishing bases") over a province or a whole country is a claim about a
    process, not the report of a base set up."""
    if not classify.codebook()["sub_types"][mention.sub_event_type].get("site") or (place.geo_precision or 1) < 3:
        return True
    under_way = rules().under_way
    return under_way is None or not under_way.search(text[max(0, mention.trigger.start - 12):mention.trigger.end])


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {r["iso2"]: r["name"] for r in resources.rows("gazetteer_countries.csv")}


def _key(e: Event) -> tuple:
    return (e.sub_event_type, e.location.name, e.date, e.claimant, e.stance)


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (sub-type, place, day, claimant, stance). A region-level report is dropped when the same
    claimant names a town for the same sub-type and day; the outlet's own retelling (a headline, a summary) is
    dropped when a named source in the article reports the same event."""
    seen: dict[tuple, Event] = {}
    out: list[Event] = []
    for e in events:
        if _key(e) in seen:
            first = seen[_key(e)]
            first.fatalities = first.fatalities if first.fatalities is not None else e.fatalities
            continue
        seen[_key(e)] = e
        out.append(e)
    finer = {(e.sub_event_type, e.date, e.claimant) for e in out if e.location.geo_precision < 3}
    listed = {(e.sub_event_type, e.date, e.claimant, e.evidence) for e in out if e.location.geo_precision < 3}
    out = [e for e in out if e.location.geo_precision < 3 or (e.sub_event_type, e.date, e.claimant) not in finer
           or (e.sub_event_type, e.date, e.claimant, e.evidence) in listed]   # kept beside towns: see _event_places
    sourced = [e for e in out if e.attribution_cue]
    return [e for e in out if e.attribution_cue or not any(
        s.sub_event_type == e.sub_event_type and s.date == e.date and same_spot(s.location, e.location)
        for s in sourced)]


def extract(doc, article: Article, attributions: list[Attribution], places: list[Place]) -> list[Event]:
    return written(find_mentions(doc, article, attributions, places), article)


def written(mentions: list[Mention], article: Article) -> list[Event]:
    """The events of an article's mentions, whatever found them: a denial with no day of its own takes the day of
    the claim it answers; one event per place; duplicates gone."""
    out = []
    denied = [_denies(m, article.text) for m in mentions]
    for mention, denial in zip(mentions, denied):
        if denial:
            _date_denial(mention, [m for m, d in zip(mentions, denied) if not d])
        out.extend(write(mention, article))
    return dedupe(out)


def _denies(mention: Mention, text: str) -> bool:
    return any(_local_stance(p, mention.sentence, text, mention.attribution.stance) == "denied"
               for p in mention.places)


def _date_denial(denial: Mention, claims: list[Mention]) -> None:
    """A denial with no day of its own ("not a single missile was fired at Valdor") is of the day the claim it
    answers (one of `claims`, the article's mentions that deny nothing) gives for the same place and kind of event."""
    if denial.date and not denial.extra.get("statement_day"):
        return
    names = {p.name for p in denial.places}
    denial.date = next((m.date for m in claims if m.date and not m.extra.get("statement_day")
                        and m.sub_event_type == denial.sub_event_type
                        and names & {p.name for p in m.places}), denial.date)
