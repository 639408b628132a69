"""A learned event-type classifier that the rules of classify.py constrain.

The model (data/models/textcat) is one small spaCy pipeline with two text classifiers: "acled" (ACLED's
25 sub-types and "none") and "plover" (PLOVER's types and "none"). It was trained only on invented
sentences (training/, `make train`); nothing is downloaded. Its input is the text, lower-cased, plus one
token per trigger lexicon of the rules that fires in it (data/acled_subtypes.toml, data/plover.toml), so
the model weighs the same cues as the rules but learned how much each counts from the invented data.

    from polemos import textcat
    textcat.predict_acled(["Gunmen killed five villagers in Bokkos."])   # [("Attack", 0.81)]
    textcat.scores_acled(texts)                                         # full distributions
    textcat.combine("Attack", scores[0])                                # the rules constrain the model
    textcat.classify(texts, "acled")                                    # rules, model and combine()

combine() is the policy that joins a rule's label with the model's scores; see its docstring.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from polemos.errors import Msg

MODEL = Path(__file__).parent / "data" / "models" / "textcat"
NONE = "none"
HEADS = ("acled", "plover")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def load(path: str | None = None):
    """The spaCy pipeline with the "acled" and "plover" heads; loaded once, on first use."""
    import spacy
    where = Path(path) if path else MODEL
    if not (where / "meta.json").exists():
        raise FileNotFoundError(Msg.NO_TEXTCAT.format(path=where))
    return spacy.load(where)


def model_input(text: str, head: str, inputs: str = "cues") -> str:
    """What the model reads for one text: the text lower-cased, then one token per rule cue that fires.

    Training (training/train.py) and prediction both call this, so they cannot drift apart.
    inputs="lower" leaves the cues out (the text-only model, for comparison)."""
    from polemos import classify
    if inputs == "lower":
        return _WS.sub(" ", text.lower()).strip()
    book = "acled_subtypes.toml" if head == "acled" else "plover.toml"
    found = classify.cues(text, book)
    # a cue whose first match lies inside the first sentence fires in the lead, where wire copy names
    # its main event; the order of the first two cues stands in for which one governs the sentence
    lead_end = len(classify.lead(text))
    order = sorted(found, key=lambda k: found[k][0])
    tags = [f"cue_{_tag(k)}" for k in sorted(found)]
    tags += [f"lead_{_tag(k)}" for k in order if found[k][0] < lead_end]
    tags += [f"o{n}_{_tag(k)}" for n, k in enumerate(order[:2], 1)]
    return _WS.sub(" ", text.lower()).strip() + " | " + " ".join(tags)


def cue_names() -> dict[str, list[str]]:
    """The rules' cue lexicon names per head: the model's cue tokens are made from these."""
    from polemos import classify
    return {"acled": sorted(classify.codebook()["cues"]), "plover": sorted(classify.plover_book()["cues"])}


def stale() -> dict[str, list[str]]:
    """Cue lexicons added ("+name") or removed ("-name") since the model was trained: run `make train`
    after such a change, since the model has never seen the new tokens and misses the old ones."""
    trained = load().meta.get("polemos", {}).get("cues", {})
    out = {}
    for head, now in cue_names().items():
        then = set(trained.get(head, now))
        diff = [f"+{c}" for c in sorted(set(now) - then)] + [f"-{c}" for c in sorted(then - set(now))]
        if diff:
            out[head] = diff
    return out


def _tag(name: str) -> str:
    return name.lower().replace(" ", "_")


def scores(texts: list[str], head: str, batch_size: int = 256) -> list[dict[str, float]]:
    """The model's probability for every label of one head ("acled" or "plover"), per text."""
    if head not in HEADS:
        raise ValueError(Msg.UNKNOWN_HEAD.format(head=head, heads=HEADS))
    nlp = load()
    mode = nlp.meta.get("polemos", {}).get("inputs", "cues")
    inputs = [model_input(t, head, mode) for t in texts]
    with nlp.select_pipes(enable=[head]):
        return [dict(d.cats) for d in nlp.pipe(inputs, batch_size=batch_size)]


def scores_acled(texts: list[str]) -> list[dict[str, float]]:
    return scores(texts, "acled")


def scores_plover(texts: list[str]) -> list[dict[str, float]]:
    return scores(texts, "plover")


def _best(cats: dict[str, float], event_only: bool) -> tuple[str, float]:
    items = [(k, v) for k, v in cats.items() if not (event_only and k == NONE)]
    return max(items, key=lambda kv: kv[1])


def predict(texts: list[str], head: str, event_only: bool = False) -> list[tuple[str, float]]:
    """(label, probability) per text for one head; event_only skips "none" (when every text is an event)."""
    return [_best(c, event_only) for c in scores(texts, head)]


def predict_acled(texts: list[str], event_only: bool = False) -> list[tuple[str, float]]:
    """(ACLED sub-type or "none", probability) per text; event_only skips "none" (every text is an event)."""
    return predict(texts, "acled", event_only)


def predict_plover(texts: list[str], event_only: bool = False) -> list[tuple[str, float]]:
    """(PLOVER type or "none", probability) per text."""
    return predict(texts, "plover", event_only)


# The rules' generic violence leaves clash or attack open. A territory change is not opened up: who
# took the place is decided by the rules from the actor nearest the verb, which a bag of words cannot see.
_EXPAND = {"@territory": (), "Violence": ("Armed clash", "Attack")}


def candidates(text: str, head: str) -> tuple[str, ...]:
    """The labels whose triggers fire in text: what the rules leave open before their precedence decides.

    ACLED: every precedence rule of data/acled_subtypes.toml that holds; PLOVER: every type whose cue
    lexicon of data/plover.toml fires."""
    from polemos import classify
    if head == "plover":
        return tuple(sorted(classify.cues(text, "plover.toml")))
    found = classify.cues(text)
    out: set[str] = set()
    for rule in classify.codebook()["precedence"]:
        if (all(c in found for c in rule.get("all", []))
                and (not rule.get("any") or any(c in found for c in rule["any"]))
                and not any(c in found for c in rule.get("none", []))):
            out.update(_EXPAND.get(rule["label"], (rule["label"],)))
    return tuple(sorted(out))


@dataclass(frozen=True)
class Policy:
    """How far the model may move away from the rules (see combine); policy_for() gives the shipped ones."""
    open_take: float = 0.5   # no precise rule: the model's best label needs this probability to win
    margin: float = 0.3      # among the candidates, the model's pick must beat the rule's label by this
    veto: float = 0.0        # a rule label the model gives less than this probability is vetoed...
    take: float = 1.01       # ...when the model's own best label has at least this one


# A small grid of sensible policies; a large one would fit noise. train.py picks ACLED's policy from it.
GRID = [Policy(o, m, v, t) for o in (0.3, 0.5, 1.01) for m in (0.3, 0.5, 0.7, 1.01)
        for v, t in ((0.0, 1.01), (0.02, 0.8))]
# PLOVER's policy is fixed: the model never overrides a PLOVER trigger, because PLOVER's rules read the
# parse (which verb governs the sentence) and the model does not; it decides when no trigger fires.
# On the PLOVER dev file the model never beat the rules (bench/textcat.py, 5-fold row).
FIXED = {"plover": Policy(open_take=0.3, margin=1.01)}
DEFAULT = Policy(open_take=0.3, margin=0.5)


def policy_for(head: str) -> Policy:
    """The shipped policy of one head: PLOVER's fixed one; ACLED's as training chose it on the frames
    it held aside (never a benchmark), stored in the model's meta.json."""
    if head in FIXED:
        return FIXED[head]
    chosen = load().meta.get("polemos", {}).get("policy", {}).get(head)
    # rounded: spaCy's JSON reader can turn 0.3 into 0.30000000000000004
    return Policy(**{k: round(v, 6) for k, v in chosen.items()}) if chosen else DEFAULT


def combine(rule_label: str | None, model_scores: dict[str, float], *, precise: bool = True,
            candidates: tuple | list | None = None, head: str = "acled", policy: Policy | None = None) -> str:
    """The label when the rules said rule_label (precise: a trigger fired, not a fallback default)
    and the model gave model_scores for head. policy defaults to the head's shipped one. In order:

    1. No rule label or only the rules' fallback (precise=False): the model decides when its best
       event label reaches policy.open_take, else the rule's fallback stands.
    2. candidates (labels whose triggers fired; the rules' choice among them is their precedence):
       the model's best candidate replaces the rule's label when it beats it by policy.margin.
       The model can only pick a label that a trigger supports.
    3. Veto: the model gives the rule's label less than policy.veto and its own best label at least
       policy.take (off by default: take > 1).
    4. Otherwise the rule wins.
    The model's "none" never replaces a label: whether a text holds an event is the event stage's call."""
    policy = policy or policy_for(head)
    best, p_best = _best(model_scores, event_only=True)
    if rule_label is None or not precise:
        return best if rule_label is None or p_best >= policy.open_take else rule_label
    p_rule = model_scores.get(rule_label, 0.0)
    open_ = [c for c in (candidates or ()) if c in model_scores and c != NONE]
    if open_:
        pick = max(open_, key=lambda c: model_scores[c])
        if pick != rule_label and model_scores[pick] - p_rule >= policy.margin:
            return pick
    if p_rule < policy.veto and p_best >= policy.take:
        return best
    return rule_label


@lru_cache(maxsize=1)
def _tiers() -> dict[str, int]:
    from polemos import classify
    return {r["why"]: r["tier"] for r in classify.codebook()["precedence"]}


def rule_verdicts(texts: list[str], head: str) -> list[tuple[str, bool]]:
    """(the rules' label, precise) per text. precise is False when the rules fell back: no trigger
    (ACLED's "Other", PLOVER's "CONSULT" default) or only ACLED's weak tier (generic violence, troop
    movements, displacement)."""
    from polemos import classify
    if head == "plover":
        return [(r["label"], r["trigger"] is not None) for r in classify.explain_plover(texts)]
    out = []
    for t in texts:
        e = classify.explain(t)
        out.append((e["label"], _tiers().get(e["rule"], 9) < 5))
    return out


def classify(texts: list[str], scheme: str = "acled", policy: Policy | None = None) -> list[str]:
    """Rules and model together: one ACLED sub-type or PLOVER type per text (never "none")."""
    if scheme not in HEADS:
        raise ValueError(Msg.UNKNOWN_HEAD.format(head=scheme, heads=HEADS))
    policy = policy or policy_for(scheme)
    rules = rule_verdicts(texts, scheme)
    model = scores(texts, scheme)
    return [combine(lab, sc, precise=precise, candidates=candidates(t, scheme), head=scheme, policy=policy)
            for t, (lab, precise), sc in zip(texts, rules, model)]
