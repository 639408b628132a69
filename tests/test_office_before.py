"""A title with an office and no state ("ministry spokesperson Ann Roe") speaks for the office of that kind that
spoke before, not for the state of the place named nearest (invented sentences)."""
import polemos


def _who(text: str, date: str) -> dict[str, str]:
    return {e.location.name: (e.claimant_side or "") for e in polemos.extract(text, date=date).events}


def test_ministry_spokesperson_keeps_the_ministry_named_before():
    text = ("Israel's Defense Ministry said on Monday that its aircraft struck weapons depots near Tyre. "
            "\"A launch site in Nabatieh was also hit,\" ministry spokesperson Dan Levi told reporters.")
    sides = _who(text, "2024-10-08")
    assert sides.get("Nabatieh") == "israeli"


def test_without_an_office_before_the_place_decides_nothing_new():
    text = "\"A launch site in Nabatieh was hit,\" ministry spokesperson Dan Levi told reporters on Monday."
    assert _who(text, "2024-10-08").get("Nabatieh") != "israeli"
