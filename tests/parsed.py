"""What the event-stage tests give the stage besides a parse: places as records, from a module's table of
name -> (country, lat, lon), found wherever the name is written."""
import re

from polemos.types import Place, Span


def places_in(table: dict[str, tuple[str, float, float]], text: str) -> list[Place]:
    return [Place(mention=name, name=name, country=cc, lat=lat, lon=lon, span=Span(m.start(), m.end()))
            for name, (cc, lat, lon) in table.items() for m in re.finditer(name, text)]
