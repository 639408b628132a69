"""Render the invented training sentences: frames (training/frames/*.txt) x slot fillers (slots.toml).

  python training/make_data.py            # writes training/data/{train,test}.jsonl and prints counts

A frame is one invented sentence or short report with slots ({nsa}, {in_place}, {n}...) and inline
choices ({killed|shot dead}). Each frame is rendered several times with the actors and places of
different wars, in wire style or in ACLED-note style ("On 7 June 2022, in Town (District, Region), ...").
Every rendering of a frame goes to the same split, so the held-out test shares no frame with training.
Deterministic for a given --seed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLOT = re.compile(r"\{([^{}]*)\}")
HEADER = re.compile(r"^#\s*(acled|plover|per_frame):\s*(.+?)\s*$")
OVERRIDE = re.compile(r"^\[([^\]]+)\]\s*")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Share of renderings that go on with one or two sentences of reactions or background.
PARA = 0.3
NUM_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]

# Slot fillers that are the same for every war.
COMMON = {
    "civ": ["villagers", "residents", "farmers", "worshippers", "passengers", "women and children",
            "displaced people", "market traders", "fishermen", "artisanal miners", "herders", "civilians",
            "people", "students", "travellers", "members of a family", "returnees", "day labourers"],
    "civ1": ["a farmer", "a village chief", "a schoolteacher", "a local journalist", "a trader", "a health worker",
             "a motorcycle taxi driver", "an imam", "a priest", "a student", "a human rights activist",
             "a local councillor", "an aid worker", "a shepherd", "a pharmacist", "a community leader"],
    "prot": ["teachers", "students", "opposition supporters", "health workers", "traders", "residents",
             "farmers", "women's groups", "lawyers", "taxi drivers", "university lecturers",
             "unpaid civil servants", "displaced people", "relatives of detainees", "fishermen", "nurses",
             "motorcycle taxi drivers", "retired soldiers", "miners", "journalists", "youths", "activists"],
    "cause": ["to demand unpaid salaries", "against fuel price increases", "against insecurity in the area",
              "to demand the release of detained activists", "against the killing of a local trader",
              "over power cuts", "to demand better roads", "against the election results",
              "against land seizures", "over water shortages", "against a new tax", "calling for an end to the war",
              "against the presence of foreign troops", "over the rising cost of bread", "against police brutality",
              "to demand justice for victims of a recent massacre", "against the closure of a local hospital",
              "in support of the army", "against corruption", "against the arrest of a religious leader"],
    "official": ["the district commissioner", "a local official", "the provincial governor", "a military spokesman",
                 "the regional police chief", "a hospital director", "a village elder", "a community leader",
                 "the mayor", "a local administrator", "a security source", "a medical source"],
    "source": ["a local official said", "residents said", "police said", "according to a military spokesman",
               "according to local media", "a rights group said", "the army said in a statement",
               "witnesses said", "according to a local monitoring group", "a health official said",
               "according to a statement from the regional administration", "security sources said"],
    "day": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
            "late on Friday", "early on Sunday", "overnight", "on Tuesday night", "on Thursday morning",
            "last week", "earlier this week", "at dawn", "on Saturday evening"],
}


def load_slots() -> tuple[dict, dict]:
    with open(HERE / "slots.toml", "rb") as f:
        data = tomllib.load(f)
    glob = data.pop("global")
    return data, glob


def load_frames() -> list[dict]:
    """Every frame with its labels: file headers set them, a "[a:...]" / "[p:...]" prefix overrides."""
    frames = []
    for path in sorted((HERE / "frames").glob("*.txt")):
        head = {"acled": None, "plover": None, "per_frame": None}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = HEADER.match(line)
            if m:
                head[m.group(1)] = m.group(2)
                continue
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            labels = dict(head)
            while (o := OVERRIDE.match(line)) and ":" in o.group(1):
                for part in o.group(1).split(";"):
                    key, val = part.split(":", 1)
                    labels[{"a": "acled", "p": "plover"}[key.strip()]] = val.strip()
                line = line[o.end():]
            frames.append({"text": line, "src": f"{path.stem}:{n}", **labels})
    return frames


def _num(rng: random.Random, lo: int, hi: int) -> str:
    k = rng.randint(lo, hi)
    return NUM_WORDS[k - 2] if 2 <= k <= 12 and rng.random() < 0.5 else str(k)


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2024)}"


def _place_in(rng: random.Random, town: str, district: str, region: str) -> str:
    forms = [f"in {town}", f"in {town}, {region}", f"in the town of {town} in {region}",
             f"near {town}", f"in {town} ({region})", f"in a village near {town}",
             f"on the outskirts of {town}"]
    if district:
        forms += [f"in {town} ({district}, {region})", f"in {town}, {district} district"]
    return rng.choice(forms)


class Renderer:
    """Fills one frame for one war; one place and one set of people per rendering."""

    def __init__(self, wars: dict, glob: dict, rng: random.Random):
        self.wars, self.glob, self.rng = wars, glob, rng

    def fill(self, frame: str, war: str, state: tuple | None = None) -> tuple[str, tuple]:
        """Fill a frame; pass the returned state back in to keep the same place and actors."""
        rng, w = self.rng, self.wars[war]
        if state is None:
            places = rng.sample(w["places"], 2)
            town, district, region = places[0].split("|")
            ctx = {"town": town, "district": district or town, "region": region,
                   "town2": places[1].split("|")[0], "place": places[0]}
            state = (ctx, {})
        ctx, picked = state

        def one(m: re.Match) -> str:
            body = m.group(1)
            if "|" in body or body == "":
                return rng.choice(body.split("|"))
            return self._slot(body, w, ctx, picked)

        text = frame
        for _ in range(3):  # choices may hold slots
            text = SLOT.sub(one, text)
        return text, state

    def _slot(self, name: str, w: dict, ctx: dict, picked: dict) -> str:
        rng = self.rng
        if name in ctx:
            return ctx[name]
        if name == "in_place":
            return _place_in(rng, ctx["town"], ctx["district"] if ctx["district"] != ctx["town"] else "",
                             ctx["region"])
        if name == "n":
            return _num(rng, 2, 12)
        if name == "n_big":
            return str(rng.choice([rng.randint(13, 60), rng.randint(60, 400)]))
        if name == "n_crowd":
            return rng.choice(["hundreds of", "thousands of", "dozens of", "about 200", "more than 1,000",
                               "several hundred", "around 50", "a few dozen", "about 300"])
        if name == "date":
            return _date(rng)
        if name == "person":
            return rng.choice(w["people"])
        if name in ("mil", "pol", "nsa", "nsa2", "nsa_s", "militia", "gang", "gov", "party"):
            # the same role twice in one frame names the same group, a trailing 2 names another
            return picked.setdefault(name, rng.choice(w[name]))
        if name in ("country", "adj", "capital"):
            return w[name]
        if name in ("foreign", "foreign2", "org", "company", "court"):
            pool = self.glob[name.rstrip("2")]
            val = rng.choice(pool)
            while name == "foreign2" and val == picked.get("foreign"):
                val = rng.choice(pool)
            picked.setdefault(name, val)
            return picked[name]
        if name in COMMON:
            return rng.choice(COMMON[name])
        raise KeyError(f"unknown slot {{{name}}}")


def _cap(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"(^|[.!?]\s)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


def _lower_first(text: str, common: set) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in common and first[:1].isupper() and not (len(first) > 1 and first.isupper()):
        return text[0].lower() + text[1:]
    return text


def style(frame: str, label: str | None, rng: random.Random, common: set) -> tuple[str, str]:
    """Wrap a frame as an ACLED note (dated lead, place first) or as wire copy; returns (frame, style)."""
    event = label not in (None, "none", "-")
    if event and rng.random() < 0.45:
        body = frame
        if "{in_place}" in body and rng.random() < 0.6:
            body = body.replace(" {in_place}", "", 1).replace("{in_place} ", "", 1)
            lead = rng.choice(["On {date}, in {town} ({region}), ", "On {date}, in {town}, {region}, ",
                               "On {date}, in {town} ({district}, {region}), ", "On {date}, near {town} ({region}), "])
        else:
            lead = "On {date}, "
        return lead + _lower_first(body, common), "note"
    body = frame
    if event and rng.random() < 0.2 and "said" not in body and "according" not in body and body.endswith("."):
        body = body[:-1] + ", {source}."
    if rng.random() < 0.08:
        body = "{capital} - " + body
    return body, "wire"


def _context(label: str | None, rng: random.Random, pools: dict) -> str:
    if rng.random() > 0.22:
        return ""
    kind = "violent" if label in pools["violent_labels"] else "any"
    return " " + rng.choice(pools[kind] + pools["any"])


CONTEXT = {
    "any": ["The area has seen repeated unrest in recent months.", "Further details were not immediately available.",
            "The report could not be independently verified.", "Local media carried the report {day}.",
            "The region has been tense since the start of the year.", "Officials gave no further details.",
            "It was the second such incident in the area this month."],
    "violent": ["It was not immediately clear who was responsible.", "No group has claimed responsibility.",
                "The wounded were taken to a hospital in {town2}.", "The death toll could rise, {official} said.",
                "Casualty figures could not be confirmed."],
    "violent_labels": set(),
}


def render_all(frames: list[dict], wars: dict, glob: dict, seed: int, per_class: int) -> list[dict]:
    rng = random.Random(seed)
    common = {w.lower() for f in frames for w in re.findall(r"\b[a-z]+\b", SLOT.sub(" ", f["text"]))}
    by_class = Counter((f["acled"] if f["acled"] not in (None, "none", "-") else f"p:{f['plover']}") for f in frames)
    rend = Renderer(wars, glob, rng)
    war_keys = sorted(wars)
    rows, seen = [], set()
    extra = [f for f in frames if f["acled"] == "none" and f["plover"] not in ("-",)]
    for f in frames:
        key = f["acled"] if f["acled"] not in (None, "none", "-") else f"p:{f['plover']}"
        k = int(f["per_frame"]) if f["per_frame"] else max(1, round(per_class / by_class[key]))
        for _ in range(k):
            war = rng.choice(war_keys)
            body, how = style(f["text"], f["acled"], rng, common)
            body += _context(f["acled"], rng, CONTEXT)
            text, state = rend.fill(body, war)
            para = rng.random() < PARA
            if para:  # a report goes on with reactions and background: the lead still names the event
                for g in rng.sample(extra, rng.choice([1, 1, 2])):
                    more, state = rend.fill(g["text"], war, state)
                    text += " " + _cap(more)
            text = _cap(text)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"text": text, "acled": f["acled"], "plover": f["plover"], "style": how,
                         "para": para, "war": war, "frame": f["src"]})
    return rows


def split(rows: list[dict], test_share: float, seed: int) -> tuple[list, list]:
    """By frame: a frame's renderings all go to train or all to test."""
    def held(frame: str) -> bool:
        h = int(hashlib.sha1(f"{seed}:{frame}".encode()).hexdigest()[:8], 16)
        return h / 0xFFFFFFFF < test_share
    return [r for r in rows if not held(r["frame"])], [r for r in rows if held(r["frame"])]


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": f"{path.stem}-{i}", **r}, ensure_ascii=False) + "\n" for i, r in enumerate(rows))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--per-class", type=int, default=150, help="renderings aimed at per label")
    ap.add_argument("--test-share", type=float, default=0.13)
    a = ap.parse_args()
    wars, glob = load_slots()
    frames = load_frames()
    CONTEXT["violent_labels"] = {f["acled"] for f in frames if f["plover"] == "ASSAULT" and f["acled"] != "none"}
    rows = render_all(frames, wars, glob, a.seed, a.per_class)
    train, test = split(rows, a.test_share, a.seed)
    out = HERE / "data"
    out.mkdir(exist_ok=True)
    write(out / "train.jsonl", train)
    write(out / "test.jsonl", test)
    print(f"frames {len(frames)}  rows {len(rows)}  train {len(train)}  test {len(test)}  wars {len(wars)}")
    for field in ("acled", "plover"):
        c = Counter(r[field] for r in rows)
        print(field, ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0]))))


if __name__ == "__main__":
    main()
