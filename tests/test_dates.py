import datetime as dt

import pytest

from polemos import dates

WED = dt.date(2020, 10, 28)   # a Wednesday


@pytest.mark.parametrize("phrase, expected, precision", [
    ("Rockets fell on the town on Wednesday.", "2020-10-28", 1),        # weekday = publication day
    ("Rockets fell on the town on Monday.", "2020-10-26", 1),
    ("Rockets fell on the town on Thursday.", "2020-10-22", 1),         # the Thursday before, never the next
    ("During the day the enemy kept firing.", "2020-10-28", 1),
    ("The village was shelled last night.", "2020-10-27", 1),
    ("Two drones were downed yesterday.", "2020-10-27", 1),
    ("Shelling resumed on October 25.", "2020-10-25", 1),
    ("Shelling resumed on 25 October.", "2020-10-25", 1),
    ("Clashes raged on the night of 26-27 October.", "2020-10-26", 1),
    ("Shelling intensified earlier this week.", "2020-10-28", 2),
])
def test_relative_and_absolute_dates(phrase, expected, precision):
    found = dates.event_date(phrase, WED)
    assert found is not None and found.date.isoformat() == expected and found.precision == precision


def test_weekday_at_start_of_week():
    monday = dt.date(2020, 10, 26)
    assert dates.event_date("The town was hit on Sunday.", monday).date == dt.date(2020, 10, 25)
    assert dates.event_date("The town was hit on Monday.", monday).date == monday


def test_night_range_across_month_end():
    found = dates.event_date("Fighting went on through the night of 30-31 October.", dt.date(2020, 11, 1))
    assert found.date == dt.date(2020, 10, 30)


def test_future_date_rejected():
    assert dates.event_date("Talks are planned for 3 November.", WED) is None
    assert dates.event_date("Talks are planned for November 3.", WED) is None


def test_year_rollover():
    assert dates.event_date("The post was attacked on December 30.", dt.date(2021, 1, 2)).date == dt.date(2020, 12, 30)


def test_since_is_a_tally_not_an_event_day():
    assert dates.event_date("Since September 27, 41 civilians have been killed.", WED) is None
    assert dates.find("Since September 27, 41 civilians have been killed.", WED)[0].since


def test_over_the_weekend_is_its_saturday_at_week_precision():
    [d] = dates.find("Shelling went on over the weekend.", dt.date(2020, 10, 27))   # a Tuesday
    assert d.date == dt.date(2020, 10, 24) and d.precision == 2


@pytest.mark.parametrize("phrase, expected", [
    ("Shelling of Kherson on 10-11 October killed five.", "2020-10-11"),
    ("Clashes near Tillia between 20 and 22 October left 16 soldiers dead.", "2020-10-22"),
    ("Fighting around Goma from October 12 to 14 displaced thousands.", "2020-10-14"),
    ("Around 15 October 2020 (between 14 and 15 October), gunmen killed two herders near Gao.", "2020-10-15"),
])
def test_a_range_of_days_is_its_last_day_at_week_precision(phrase, expected):
    """ACLED's notes date a span of days to its last day ("Around 2 June 2022 (between 1 and 2 June)")."""
    found = dates.event_date(phrase, WED)
    assert found is not None and found.date.isoformat() == expected and found.precision == 2


@pytest.mark.parametrize("phrase", [
    "On October 11, 2020, a missile struck a residential block in Mykolaiv.",
    "On 11 October 2020, RSF fighters shelled a market in Omdurman.",
    "Houthi forces fired a missile at a tanker on October 11, 2020, the US military said on Monday.",
])
def test_a_full_date_is_the_day_it_names(phrase):
    assert dates.event_date(phrase, WED).date == dt.date(2020, 10, 11)


def test_other_languages_read_a_range_of_days_too():
    from polemos import lexicon
    from polemos.lexicon.dates import find_dates
    for code, text in (("ru", "Обстрелы 10-11 октября унесли жизни пяти человек."),
                       ("fr", "Les 10-11 octobre, la ville a été bombardée.")):
        [d] = find_dates(text, WED, lexicon.lexicon(code))
        assert d.date == dt.date(2020, 10, 11) and d.precision == 2


@pytest.mark.parametrize("phrase, expected", [
    ("In early June 2022, troops were deployed to Djibo.", "2022-06-05"),
    ("In June 2022, the army set up a base near Kidal.", "2022-06-15"),
    ("In late May 2022, militiamen looted shops near Beni.", "2022-05-25"),
])
def test_a_month_and_year_without_a_day_is_month_precision(phrase, expected):
    """"June 2022" is no 20 June: a month named with its year and no day is the month (ACLED's precision 3)."""
    found = dates.event_date(phrase, dt.date(2022, 7, 1))
    assert found.date.isoformat() == expected and found.precision == 3


def test_a_full_date_after_publication_leaves_no_month_behind():
    """"Talks are set for 3 November 2020": a day to come is no date, and its month no month precision date."""
    assert dates.find("Talks are set for 3 November 2020.", dt.date(2020, 11, 2)) == []


@pytest.mark.parametrize("phrase, expected", [
    ("between 29 May and 2 June 2022", dt.date(2022, 6, 2)),
    ("from 30 April to 1 May 2022", dt.date(2022, 5, 1)),
    ("Rebels held the road from 28 February until 3 March", dt.date(2022, 3, 3)),
])
def test_a_range_across_two_months_is_its_last_day_at_week_precision(phrase, expected):
    [d] = dates.find(phrase, dt.date(2022, 6, 9))
    assert (d.date, d.precision) == (expected, 2)


@pytest.mark.parametrize("phrase, expected, precision", [
    ("Last month, a police officer was killed in an ambush near Kenscoff.", "2025-02-15", 3),
    ("Gunmen killed six herders near Gao earlier this month.", "2025-03-15", 3),
    ("A drone struck a fuel depot in Odesa last week.", "2025-03-19", 2),
])
def test_last_month_and_last_week_are_coarse_past_days(phrase, expected, precision):
    """A month told without its day is dated to its middle, a past week a week back (ACLED's precision 3 and 2)."""
    found = dates.event_date(phrase, dt.date(2025, 3, 26))
    assert found is not None and (found.date.isoformat(), found.precision) == (expected, precision)


def test_earlier_this_month_early_in_the_month_is_not_after_publication():
    found = dates.event_date("Earlier this month, RSF shelling killed nine in El Obeid.", dt.date(2025, 3, 6))
    assert found.date == dt.date(2025, 3, 5) and found.precision == 3


def test_last_month_in_january_is_december_of_the_year_before():
    found = dates.event_date("Last month, jihadists overran a base near Tillaberi.", dt.date(2025, 1, 10))
    assert found.date == dt.date(2024, 12, 15)
