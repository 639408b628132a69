"""A language and a war are added by data files alone: a toy language file and a toy conflict profile in a data
folder of their own (POLEMOS_DATA), no code, and an invented sentence in that language gives its event."""
import json
import os
import subprocess
import sys
import textwrap

TOY_LANGUAGE = r"""
language = "zz"
spacy = "xx"
speaker_first = false

[[triggers]]
sub_event_type = "Shelling/artillery/missile attack"
plover = "ASSAULT"
pattern = 'bumbar\w*'

[attribution]
speech = 'dixit'

[organisations]
'ministerio' = "defense ministry"

[actors]
'armeo de ĉilio' = "chilean forces"

[dates]
weekdays = {'lundon' = "monday"}

[casualties]
killed = 'mortigis'
numbers = {'tri' = 3}
"""

TOY_WAR = r"""
name = "toywar"
title = "an invented war between two states"
detect = 'ĉili\w*|peru\w*|arica'
detect_min = 1
parties = ["chilean", "peruvian"]
others = "international"
actors = [
  {pattern = 'chilean forces', actor = 'Military Forces of Chile (2022-)', side = 'chilean', inter = '1'},
]

[zone]
countries = ["CL", "PE"]

[sides.chilean]
country = "CL"
actor = "Military Forces of Chile (2022-)"
government = "Government of Chile (2022-)"
opponent = "peruvian"

[sides.peruvian]
country = "PE"
actor = "Military Forces of Peru (2021-)"
government = "Government of Peru (2021-)"
opponent = "chilean"
"""

RUN = textwrap.dedent("""
    import datetime as dt, json
    from polemos.pipeline import Pipeline
    from polemos.types import Article
    text = "La armeo de Ĉilio bumbaris Arica lundon kaj mortigis tri homojn, dixit la ministerio."
    article = Article(id="toy", date=dt.date(2023, 3, 10), text=text, language="zz", side="chilean")
    r = next(Pipeline.default().run([article]))
    print(json.dumps({"conflict": r.article.conflict, "skipped": r.skipped,
                      "events": [{"type": e.sub_event_type, "place": e.location.name, "country": e.location.country,
                                  "day": e.date, "actor": e.actor1, "side": e.actor1_side, "dead": e.fatalities,
                                  "claimant_side": e.claimant_side} for e in r.events]}))
""")


def test_a_toy_language_and_a_toy_war_from_data_alone(tmp_path):
    (tmp_path / "lang").mkdir()
    (tmp_path / "conflicts").mkdir()
    (tmp_path / "lang" / "zz.toml").write_text(TOY_LANGUAGE, encoding="utf-8")
    (tmp_path / "conflicts" / "toywar.toml").write_text(TOY_WAR, encoding="utf-8")
    env = dict(os.environ, POLEMOS_DATA=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", RUN], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["conflict"] == "toywar" and out["skipped"] is None
    [event] = out["events"]
    assert event["type"] == "Shelling/artillery/missile attack"
    assert event["place"] == "Arica" and event["country"] == "CL"
    assert event["day"] == "2023-03-06"        # the Monday before publication
    assert event["actor"] == "Military Forces of Chile (2022-)" and event["side"] == "chilean"
    assert event["dead"] == 3 and event["claimant_side"] == "chilean"
