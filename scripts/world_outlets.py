"""Bring the outlets of the world tables (written from general knowledge, see the folder's README) into polemos's
data: data/outlets.csv, the table's rows with an `aliases` column (the short names wire copy credits: "AP", "AFP").
polemos.outlets reads it to give an article without a side its outlet's side, marked inferred.

    python scripts/world_outlets.py /path/to/worlddata

Run once when the table changes; the output is reviewed and committed like any data file.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "polemos" / "data" / "outlets.csv"
# Short names by which copy credits a wire or broadcaster ("Tribtown (AP)"), |-separated.
ALIASES = {"Associated Press": "AP", "Agence France-Presse": "AFP", "BBC News": "BBC", "Reuters": "Thomson Reuters",
           "Deutsche Presse-Agentur (dpa)": "dpa", "United Press International": "UPI",
           "Radio Free Europe/Radio Liberty": "RFE/RL|Radio Liberty|Radio Free Europe", "Voice of America": "VOA",
           "Radio France Internationale": "RFI", "Deutsche Welle": "DW", "Agencia EFE": "EFE"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("worlddata", type=Path)
    args = ap.parse_args()
    lines = (args.worlddata / "outlets.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.writelines(comments)
        f.write("# aliases: short names by which copy credits the outlet (|-separated), added by\n"
                "#   scripts/world_outlets.py.\n")
        w = csv.DictWriter(f, [*rows[0].keys(), "aliases"])
        w.writeheader()
        for r in rows:
            w.writerow({**r, "aliases": ALIASES.get(r["name"], "")})
    print(f"{len(rows)} outlets -> {OUT}")


if __name__ == "__main__":
    main()
