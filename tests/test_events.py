"""Events over a real spaCy parse, with places and attributions given as records (the other stages have their own
tests), so each rule here is checked alone."""
import datetime as dt
from functools import partial

import pytest

import parsed
from polemos import events
from polemos.types import Article, Attribution, Place, Span

# These invented sentences are of the 2020 Karabakh war: they are read with its profile (data/conflicts/karabakh.toml),
# as an article naming the war's parties would be. Sentences of other wars are read with the default profile.
Article = partial(Article, conflict="karabakh")

COORDS = {"Martuni": ("AZ", 39.795, 47.108), "Tartar": ("AZ", 40.342, 46.932), "Shushi": ("AZ", 39.760, 46.750),
          "Stepanakert": ("AZ", 39.815, 46.752), "Ganja": ("AZ", 40.682, 46.361), "Hadrut": ("AZ", 39.520, 47.031)}


def places_in(text):
    return parsed.places_in(COORDS, text)


def run(nlp, text, claimant="Artsakh Defense Ministry", side="armenian", stance="asserted", day="2020-10-28"):
    article = Article(id="t", date=dt.date.fromisoformat(day), text=text)
    attribution = Attribution(span=Span(0, len(text)), claimant=claimant, claimant_side=side, cue="said",
                              stance=stance)
    return events.extract(nlp(text), article, [attribution], places_in(text))


def test_the_enemy_is_the_other_side_of_the_speaker(nlp):
    [e] = run(nlp, "The enemy shelled Martuni during the day.")
    assert e.actor1_side == "azerbaijani" and e.sub_event_type == "Shelling/artillery/missile attack"
    [e] = run(nlp, "The enemy shelled Tartar during the day.", claimant="Azerbaijan Defense Ministry",
              side="azerbaijani")
    assert e.actor1_side == "armenian"


def test_named_actor_wins_over_default(nlp):
    [e] = run(nlp, "Armenian forces shelled Tartar on Monday.", claimant="the outlet itself", side="neutral")
    assert e.actor1 == "Military Forces of Armenia (2018-)" and e.date == "2020-10-26"


def test_passive_agent(nlp):
    [e] = run(nlp, "Tartar was shelled by Armenian forces.", claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    assert e.actor1_side == "armenian"


def test_denial_speaks_for_its_own_side(nlp):
    [e] = run(nlp, "Armenian troops did not shell Ganja.", claimant="Armenia Defense Ministry", stance="denied")
    assert e.stance == "denied" and e.actor1_side == "armenian"


def test_two_places_split_one_toll_remainder_to_first(nlp):
    found = run(nlp, "Shushi and Stepanakert were bombed with Smerch rockets. One civilian was killed.")
    assert [(e.location.name, e.fatalities) for e in found] == [("Shushi", 1), ("Stepanakert", 0)]
    assert all(e.weapon == "Smerch multiple rocket launcher" for e in found)


def test_civilian_target_sets_civilian_targeting(nlp):
    [e] = run(nlp, "Rockets hit a hospital in Martuni.")
    assert e.civilian_targeting and e.actor2 == "Civilians (Azerbaijan)" and e.target == "hospital"
    [e] = run(nlp, "Artillery struck military positions near Martuni.")
    assert not e.civilian_targeting


@pytest.mark.parametrize("text, sub_type", [
    ("A drone strike hit Martuni.", "Air/drone strike"),
    ("Air defence units shot down a drone over Ganja.", "Disrupted weapons use"),
    ("The army liberated Hadrut.", "Government regains territory"),
    ("Heavy fighting raged near Hadrut.", "Armed clash"),
    ("A landmine exploded near Tartar.", "Remote explosive/landmine/IED"),
    ("Grad rockets fell on Tartar.", "Shelling/artillery/missile attack"),
])
def test_sub_types(nlp, text, sub_type):
    [e] = run(nlp, text)
    assert e.sub_event_type == sub_type


@pytest.mark.parametrize("text", [
    "The ministry threatened to strike Ganja.",
    "Officials urged both sides to stop shelling Tartar.",
    "Baku warned it would bomb Stepanakert.",
])
def test_what_may_happen_is_not_an_event(nlp, text):
    assert run(nlp, text) == []


def test_no_place_no_event(nlp):
    assert run(nlp, "The enemy shelled peaceful settlements.") == []


def test_cumulative_tally_is_kept_as_a_tally_not_a_days_event(nlp):
    [e] = run(nlp, "Since September 27, shelling of Stepanakert has killed 41 civilians.")
    assert e.tally and e.fatalities == 41 and e.date == "2020-10-28" and e.time_precision == 3


def test_same_event_twice_in_article_is_one_record(nlp):
    found = run(nlp, "Martuni was shelled on Monday. The shelling of Martuni on Monday damaged homes.")
    assert len(found) == 1


def test_toll_in_a_later_sentence_joins_the_event(nlp):
    [e] = run(nlp, "Armenian forces shelled Tartar overnight. Three civilians were killed in the shelling.",
              claimant="Azerbaijan Prosecutor General's Office", side="azerbaijani")
    assert e.fatalities == 3 and e.civilian_targeting


def test_war_start_summary_is_background(nlp):
    assert run(nlp, "Fighting erupted over Hadrut on September 27.") == []


def test_country_is_a_place_only_when_the_text_puts_the_event_there(nlp):
    azerbaijan = dict(mention="Azerbaijan", name="Azerbaijan", country="AZ", lat=40.5, lon=47.5, geo_precision=3,
                      geonameid=587116)
    for text, expected in [("Azerbaijan said a drone struck the village.", []),
                           ("A drone struck a village in Azerbaijan.", ["Azerbaijan"])]:
        start = text.index("Azerbaijan")
        place = Place(**azerbaijan, span=Span(start, start + 10))
        article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
        said = Attribution(span=Span(0, len(text)), claimant="the outlet itself", claimant_side="neutral")
        found = events.extract(nlp(text), article, [said], [place])
        assert [e.location.name for e in found] == expected


def test_outlet_retelling_of_a_sourced_event_is_dropped(nlp):
    text = "Tartar shelled again\nArmenian forces shelled Tartar on Monday, the ministry said."
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    headline = Attribution(span=Span(0, 20), claimant="the outlet itself", claimant_side="neutral")
    body = Attribution(span=Span(21, len(text)), claimant="Azerbaijan Defense Ministry", claimant_side="azerbaijani",
                       cue="said")
    found = events.extract(nlp(text), article, [headline, body], places_in(text))
    assert [e.claimant for e in found] == ["Azerbaijan Defense Ministry"]


def test_one_sentence_denies_one_event_and_asserts_another(nlp):
    found = run(nlp, "Armenia denied shelling Ganja and accused Azerbaijani forces of shelling Stepanakert.",
                claimant="Government of Armenia")
    stance = {e.location.name: (e.stance, e.actor1_side) for e in found}
    assert stance == {"Ganja": ("denied", "armenian"), "Stepanakert": ("asserted", "azerbaijani")}


def test_day_of_the_statement_is_only_a_fallback(nlp):
    [e] = run(nlp, "Armenian forces fired a missile at Ganja on Tuesday, the ministry said Wednesday.",
              claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    assert e.date == "2020-10-27"


def test_ceasefire_beside_shelling_is_two_events(nlp):
    found = run(nlp, "Shelling hit Martuni a day after a Russia-brokered ceasefire came into effect in Martuni.")
    assert {e.sub_event_type for e in found} == {"Shelling/artillery/missile attack", "Agreement"}


def test_a_list_cut_off_from_its_sentence_carries_on_the_event(nlp):
    text = "Armenian forces shelled villages of Tartar district.\nGanja and Hadrut villages"
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    said = Attribution(span=Span(0, len(text)), claimant="Azerbaijan Defense Ministry", claimant_side="azerbaijani",
                       cue="said")
    found = events.extract(nlp(text), article, [said], places_in(text))
    assert [e.location.name for e in found] == ["Tartar", "Ganja", "Hadrut"]
    assert {e.sub_event_type for e in found} == {"Shelling/artillery/missile attack"}


def test_the_other_sides_denial_in_the_next_sentence_is_a_denied_claim_of_that_event(nlp):
    text = "Armenian forces shelled Ganja, Baku said. \"These are lies,\" Yerevan said."
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    cut = text.index('"These')
    baku = Attribution(span=Span(0, cut), claimant="Government of Azerbaijan", claimant_side="azerbaijani", cue="said")
    yerevan = Attribution(span=Span(cut, len(text)), claimant="Government of Armenia", claimant_side="armenian",
                          cue="said", stance="denied")
    found = events.extract(nlp(text), article, [baku, yerevan], places_in(text))
    assert [(e.location.name, e.claimant, e.stance, e.actor1_side) for e in found] == [
        ("Ganja", "Government of Azerbaijan", "asserted", "armenian"),
        ("Ganja", "Government of Armenia", "denied", "armenian")]


def test_each_place_takes_the_trigger_told_before_it(nlp):
    found = run(nlp, "Baku denied using aviation near Hadrut and accused Armenian forces of shelling Tartar.",
                claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    kinds = {e.location.name: e.sub_event_type for e in found}
    assert kinds == {"Hadrut": "Air/drone strike", "Tartar": "Shelling/artillery/missile attack"}


def test_agreement_actor_is_the_first_government_named(nlp):
    [e] = run(nlp, "Azerbaijan and Armenia agreed to a humanitarian ceasefire in Martuni.",
              claimant="the outlet itself",
              side="international")
    assert e.sub_event_type == "Agreement" and e.actor1 == "Government of Azerbaijan (2003-)"


def test_the_state_whose_land_it_is_regains_it(nlp):
    [e] = run(nlp, "The army liberated Hadrut from Armenian forces, the president said.",
              claimant="Ilham Aliyev (Azerbaijan President)", side="azerbaijani")
    assert e.actor1_side == "azerbaijani" and e.actor2 == "Military Forces of Armenia (2018-)"


def test_due_to_shelling_is_no_infinitive(nlp):
    [e] = run(nlp, "A reporter left Stepanakert on Sunday night due to heavy bombardment.", day="2020-10-05")
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.date == "2020-10-04"


def test_planned_shelling_is_still_irrealis(nlp):
    assert run(nlp, "The enemy is preparing to shell Martuni.") == []


def test_a_drone_strike_is_not_read_again_as_a_strike(nlp):
    [e] = run(nlp, "A Bayraktar drone strike on positions near Hadrut destroyed a tank.")
    assert e.sub_event_type == "Air/drone strike"


def test_headline_is_not_an_event_of_its_own(nlp):
    text = "Shushi shelled again\n\nThe ministry said rockets hit Stepanakert on Tuesday."
    assert [e.location.name for e in run(nlp, text)] == ["Stepanakert"]


def test_a_headline_alone_still_counts(nlp):
    assert [e.location.name for e in run(nlp, "Shushi shelled again")] == ["Shushi"]


def test_photo_caption_is_not_an_event(nlp):
    text = ("Rescuers search a house hit by a rocket in Ganja [John Roe/Wire]\n\n"
            "The ministry said rockets hit Tartar on Tuesday.")
    assert [e.location.name for e in run(nlp, text)] == ["Tartar"]


def test_the_wars_running_count_is_no_event(nlp):
    assert run(nlp, "Fighting around Martuni is continuing for the 12th day.") == []


def test_the_place_a_town_lies_in_is_not_a_second_event(nlp):
    found = run(nlp, "Rockets hit Martuni in Hadrut on Tuesday.")
    assert [e.location.name for e in found] == ["Martuni"]


def test_origin_of_fire_alone_is_no_place_and_the_impact_is(nlp):
    found = run(nlp, "A missile was launched from the territory of the occupied Hadrut on Monday. It exploded in "
                     "Tartar.", claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    assert [(e.location.name, e.date) for e in found] == [("Tartar", "2020-10-26")]


def test_a_denial_takes_the_day_of_the_claim_it_answers(nlp):
    text = ("Armenian forces shelled Tartar on Monday. Schools stayed shut. Buses ran late. "
            "The ministry said on its website today that not a single shell was fired at Tartar.")
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    claim = Attribution(span=Span(0, 41), claimant="Azerbaijan Defense Ministry", claimant_side="azerbaijani",
                        cue="said")
    said = text.index("said")
    denial = Attribution(span=Span(text.index("The ministry"), len(text)), claimant="Armenia Defense Ministry",
                         claimant_side="armenian",
                         cue="said", cue_span=Span(said, said + 4), stance="denied")
    found = events.extract(nlp(text), article, [claim, denial], places_in(text))
    assert {(e.stance, e.date) for e in found} == {("asserted", "2020-10-26"), ("denied", "2020-10-26")}


def test_a_district_listed_with_towns_is_kept(nlp):
    text = "Shells hit Martuni, Hadrut and Fizuli District overnight."
    places = places_in(text) + [Place(mention="Fizuli District", name="Fuzuli district", country="AZ", lat=39.6,
                                      lon=47.14, geo_precision=3,
                                      span=Span(text.index("Fizuli"), text.index(" overnight")))]
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    said = Attribution(span=Span(0, len(text)), claimant="Azerbaijan Defense Ministry", claimant_side="azerbaijani")
    found = events.extract(nlp(text), article, [said], places)
    assert sorted(e.location.name for e in found) == ["Fuzuli district", "Hadrut", "Martuni"]


@pytest.mark.parametrize("source,when,precision", [("given", "yesterday", 1), ("text", "yesterday", 2),
                                                   ("default", "yesterday", 3), ("default", "on October 12", 1)])
def test_a_day_counted_from_an_inferred_date_is_coarser(nlp, source, when, precision):
    text = f"The enemy shelled Martuni {when}."
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text, date_source=source)
    said = Attribution(span=Span(0, len(text)), claimant="Artsakh Defense Ministry", claimant_side="armenian")
    [e] = events.extract(nlp(text), article, [said], places_in(text))
    assert e.time_precision == precision


def test_the_next_sentence_gives_the_toll(nlp):
    [e] = run(nlp, "A rocket hit Tartar on Monday. Nobody was killed.", claimant="Azerbaijan Defense Ministry",
              side="azerbaijani")
    assert e.fatalities == 0


def test_a_death_elsewhere_is_one_more_of_the_attacks_told(nlp):
    found = run(nlp, "Rockets hit Martuni on Monday. Later, two civilians were killed in Tartar.")
    tartar = next(e for e in found if e.location.name == "Tartar")
    assert tartar.sub_event_type == "Shelling/artillery/missile attack" and tartar.fatalities == 2


def test_a_death_with_no_attack_told_is_not_typed(nlp):
    assert run(nlp, "Two civilians were killed in Tartar.") == []


@pytest.mark.parametrize("text,sub_type", [
    ("Hundreds of people rallied in Stepanakert on Monday.", "Peaceful protest"),
    ("Protesters stormed the government building in Ganja on Monday.", "Violent demonstration"),
    ("Police dispersed the rally in Ganja on Monday.", "Protest with intervention"),
    ("Two journalists were detained in Ganja on Monday.", "Arrests"),
    ("Villagers set fire to their houses in Hadrut on Monday.", "Looting/property destruction"),
    ("Two elderly men were abducted in Hadrut on Monday.", "Abduction/forced disappearance"),
    ("The town of Hadrut was handed over to the other side on Monday.", "Non-violent transfer of territory"),
])
def test_events_beyond_the_battlefield(nlp, text, sub_type):
    [e] = run(nlp, text, claimant="the outlet itself", side="neutral")
    assert e.sub_event_type == sub_type and e.event_type == events.EVENT_TYPE[sub_type]
    crowd = {"Protests": "Protesters (Azerbaijan)", "Riots": "Rioters (Azerbaijan)"}.get(e.event_type)
    assert crowd is None or e.actor1 == crowd


def test_a_diplomatic_protest_note_is_no_protest(nlp):
    assert run(nlp, "Ganja sent a protest note on Monday.", claimant="the outlet itself", side="neutral") == []


@pytest.mark.parametrize("text", [
    "A rocket hit Tartar, 40 km east of Ganja, on Monday.",
    "A rocket hit Tartar on Monday; the wounded were transported to Ganja.",
    "A rocket hit Tartar at 10:11 Ganja time on Monday.",
    "A rocket hit Tartar on Monday, and Ganja denied any role.",
    "A rocket hit Tartar on Monday after Ganja forces moved in.",
    "A rocket hit Tartar on Monday, and Ganja immediately denied any role.",
    "A rocket hit Tartar on Monday, near the border with Ganja.",
    "A rocket hit Tartar on Monday, the government in Ganja said.",
])
def test_names_that_are_not_where_it_happened(nlp, text):
    assert [e.location.name for e in run(nlp, text)] == ["Tartar"]


def test_caption_credit_without_brackets(nlp):
    text = "A house in Ganja after the strike. Photo via Wire Agency\n\nRockets hit Tartar on Monday."
    assert [e.location.name for e in run(nlp, text)] == ["Tartar"]


def test_a_denial_two_sentences_on_answers_something_else(nlp):
    text = ("Rockets hit Tartar on Monday. Foreign advisers are said to be in the region. The ministry denies it.")
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    claim = Attribution(span=Span(0, text.index("The ministry")), claimant="Azerbaijan Defense Ministry",
                        claimant_side="azerbaijani", cue="said")
    denial = Attribution(span=Span(text.index("The ministry"), len(text)), claimant="Armenia Defense Ministry",
                         claimant_side="armenian", cue="denies", stance="denied")
    found = events.extract(nlp(text), article, [claim, denial], places_in(text))
    assert [e.stance for e in found] == ["asserted"]


def test_a_campaign_told_in_sum_is_no_days_event(nlp):
    assert run(nlp, "For weeks, the enemy has shelled Martuni.") == []
    assert run(nlp, "The enemy repeatedly shelled Martuni.") == []


def test_a_dated_repeat_is_still_an_event(nlp):
    [e] = run(nlp, "The enemy repeatedly shelled Martuni on Monday.")
    assert e.date == "2020-10-26"


def test_fighting_raging_since_the_start_is_no_event(nlp):
    assert run(nlp, "Fighting around Martuni has been raging since September 27.") == []


def test_the_town_is_the_town_just_named(nlp):
    found = run(nlp, "Residents of Martuni spent the night in basements. On Monday the town was shelled again.")
    assert [(e.location.name, e.date) for e in found] == [("Martuni", "2020-10-26")]


def test_the_town_after_two_towns_is_not_guessed(nlp):
    assert run(nlp, "Residents of Martuni and Hadrut hid in basements. The town was shelled again.") == []


def test_any_civilian_target_named_makes_civilians_a_target(nlp):
    [e] = run(nlp, "The enemy shelled military positions and civilian settlements near Martuni.")
    assert e.civilian_targeting and e.actor2 == "Civilians (Azerbaijan)"   # ACLED: by the event's country


def test_a_pipeline_is_infrastructure_not_civilians(nlp):
    [e] = run(nlp, "The enemy fired rockets at a pipeline near Tartar.", claimant="Azerbaijan Defense Ministry",
              side="azerbaijani")
    assert e.target == "infrastructure" and not e.civilian_targeting


def test_a_toll_the_text_puts_at_one_place_goes_there(nlp):
    found = run(nlp, "Rockets hit Stepanakert and Shushi on Monday; one civilian was killed in Shushi.")
    assert {e.location.name: e.fatalities for e in found} == {"Stepanakert": 0, "Shushi": 1}


@pytest.mark.parametrize("text", [
    "Troops around Martuni have been engaged in heavy fighting for more than a month.",
    "Clashes continue around Martuni.",
    "The army has shelled Martuni dozens of times so far since September 27.",
    "Ganja has stayed out of the fighting around Martuni.",
])
def test_running_states_and_totals_are_no_events(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.parametrize("text", ["Air defence units destroyed two rockets over Tartar on Monday.",
                                  "The ministry reported downing two warplanes near Tartar on Monday."])
def test_what_air_defence_brings_down_is_disrupted_weapons_use(nlp, text):
    [e] = run(nlp, text, claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    assert e.sub_event_type == "Disrupted weapons use"


def test_the_country_city_of_a_town_is_the_town(nlp):
    text = "Rockets hit the Azerbaijan city of Ganja on Monday."
    country = Place(mention="Azerbaijan", name="Azerbaijan", country="AZ", lat=40.5, lon=47.5, geo_precision=3,
                    geonameid=587116, span=Span(text.index("Azerbaijan"), text.index(" city")))
    article = Article(id="t", date=dt.date(2020, 10, 28), text=text)
    said = Attribution(span=Span(0, len(text)), claimant="Azerbaijan Defense Ministry", claimant_side="azerbaijani")
    found = events.extract(nlp(text), article, [said], places_in(text) + [country])
    assert [e.location.name for e in found] == ["Ganja"]


def test_the_next_day_is_the_day_after_the_last_day_told(nlp):
    found = run(nlp, "Rockets hit Tartar on October 10. The next day, a missile struck Ganja.",
                claimant="Azerbaijan Defense Ministry", side="azerbaijani")
    assert {e.location.name: e.date for e in found} == {"Tartar": "2020-10-10", "Ganja": "2020-10-11"}


def test_where_a_war_might_spread_is_not_where_it_is(nlp):
    text = "Fighting near Martuni raised fears of a wider war that could draw in Ganja."
    assert [e.location.name for e in run(nlp, text)] == ["Martuni"]


def test_a_link_to_another_story_is_no_event(nlp):
    text = "Rockets hit Tartar on Monday.\n\nRead more: Fighting around Martuni displaces thousands\n\nSchools closed."
    assert [e.location.name for e in run(nlp, text)] == ["Tartar"]


def test_a_denial_after_the_same_sides_toll_and_a_link_answers_the_event(nlp):
    text = ("Azerbaijan accused Armenia of shelling Ganja on Sunday. Azeri officials said five people were killed. "
            "\n\nRead more: Thousands displaced around Martuni\n\n\"These are lies,\" Armenian officials said.")
    article = Article(id="t", date=dt.date(2020, 10, 11), text=text)
    s1, s2, s3 = text.index("Azeri officials"), text.index("Read more"), text.index('"These')
    atts = [Attribution(span=Span(0, s1), claimant="Government of Azerbaijan", claimant_side="azerbaijani",
                        cue="accused"),
            Attribution(span=Span(s1, s2), claimant="Azerbaijani officials", claimant_side="azerbaijani", cue="said"),
            Attribution(span=Span(s3, len(text)), claimant="Armenian officials", claimant_side="armenian", cue="said",
                        stance="denied")]
    found = events.extract(nlp(text), article, atts, places_in(text))
    ganja = {(e.claimant, e.stance, e.fatalities) for e in found if e.location.name == "Ganja"}
    assert ganja == {("Government of Azerbaijan", "asserted", 5), ("Armenian officials", "denied", None)}


@pytest.mark.parametrize("text,side", [("Azerbaijan shelled Martuni on Monday.", "azerbaijani"),
                                       ("Armenia has again fired rockets at Tartar.", "armenian")])
def test_a_country_that_attacks_is_its_armed_forces(nlp, text, side):
    [e] = run(nlp, text, claimant="the outlet itself", side="neutral")
    assert e.actor1_side == side and e.actor1.startswith("Military Forces of")


def test_fighting_the_sentence_says_has_stopped_is_no_event(nlp):
    """The "ended" rule of every language (data/lang/<code>.toml: events.ended or attribution.ended)."""
    assert run(nlp, "The clashes near Martuni stopped on Monday afternoon.") == []
    assert run(nlp, "Clashes near Martuni went on all Monday.")[0].sub_event_type == "Armed clash"


def test_a_month_gone_by_is_context_not_news(nlp):
    """"In September 2020, the army shelled Martuni": a month with no day, in a report, tells what came before."""
    assert run(nlp, "In September 2020, the enemy shelled Martuni heavily.", day="2020-10-28") == []
