"""The polemos command line: a thin layer over the library (extract, events, export, fuse, eval, attribute,
geoparse, classify, serve). A known failure (polemos.errors.PolemosError) is one line on stderr and exit code 2
for a usage error, 1 for a data error."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from polemos.errors import PolemosError
from polemos.types import Result

FORMATS = ["table", "jsonl"]
ERRORS_SHOWN = 20                   # errors listed after the progress bar; --verbose lists them all as they come


def render_table(result: Result, out) -> None:
    """A readable block per article: each event and claim on a few lines, evidence quoted."""
    a = result.article
    out.write(f"== {a.id}  {a.date or 'date unknown'}  {a.outlet or ''}  [{a.language}]\n")
    if result.skipped:
        out.write(f"   skipped: {result.skipped}\n\n")
        return
    for e in result.events:
        loc = e.location
        toll = f"  killed {e.fatalities}" if e.fatalities is not None else ""
        where = f"({loc.lat:.4f}, {loc.lon:.4f}, p{loc.geo_precision})" if loc.lat is not None else ""
        out.write(f"  EVENT {e.date} (p{e.time_precision})  {e.sub_event_type}  @ {loc.name}, {loc.country} "
                  f"{where}{toll}\n"
                  f"        actor1 {e.actor1 or '-'} [{e.actor1_side or '-'}] → actor2 {e.actor2 or '-'}"
                  f"{'  civilian targeting' if e.civilian_targeting else ''}"
                  f"{'  weapon ' + e.weapon if e.weapon else ''}\n"
                  f"        claimant {e.claimant} [{e.claimant_side}] cue {e.attribution_cue!r} {e.stance}\n"
                  f"        “{e.evidence.strip()}”\n")
    for c in result.claims:
        out.write(f"  CLAIM {c.type}  by {c.claimant} [{c.claimant_side}] → {c.target or '-'}  cue {c.attribution_cue!r}"
                  f" {c.stance}\n        “{c.evidence.strip()}”\n")
    if not result.events and not result.claims:
        out.write("  (no events or claims found)\n")
    out.write("\n")


# --- extract -------------------------------------------------------------------------------------------

class RunView:
    """What `extract` shows while it runs: a progress bar on a terminal, each article's records with --verbose
    (or when stdout is not the terminal), and errors apart from the bar: as they come when stderr is no
    terminal or with --verbose, else listed once the bar is gone."""

    def __init__(self, args: argparse.Namespace):
        from polemos import engine
        self.args = args
        self.bar = engine.Progress(sys.stderr)
        self.bar.count_in_background(args.paths)
        self.show = args.verbose or not sys.stdout.isatty()
        self.live_errors = args.verbose or not self.bar.on
        self.errors: list[str] = []
        self.bar_open = True
        self.store: Any = None         # opened to print what earlier runs stored (--format jsonl)

    def __call__(self, step: Any) -> None:
        if step.kind in ("error", "rejected"):
            self._error(step.error)
        if step.kind in ("article", "already", "rejected") or (step.kind == "error" and step.result is None):
            self.bar.advance()
        if step.kind == "article" and self.show:
            self._print(step.result)
        elif step.kind == "already" and self.show:
            self._already(step.article_id)
        elif step.kind == "fusing":
            self._close_bar()

    def _error(self, line: str | None) -> None:
        if self.live_errors:
            self.bar.clear()
            print(f"error: {line}", file=sys.stderr)
        else:
            self.errors.append(line or "")

    def _print(self, result: Result) -> None:
        if self.args.format == "jsonl":
            from polemos.store import article_json, result_rows
            rows = result_rows(result)
            line = article_json(result.article.id, rows["events"], rows["claims"], result.article.date_source)
            self._out(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        else:
            self.bar.clear()
            render_table(result, sys.stdout)

    def _already(self, article_id: str) -> None:
        if self.args.format == "table":
            self._out(f"== {article_id}  already stored in {self.args.db} (--redo runs it again)\n\n")
            return
        from polemos.store import Store
        self.store = self.store or Store(self.args.db)
        self._out(json.dumps(self.store.result_json(article_id), ensure_ascii=False, default=str) + "\n")

    def _out(self, text: str) -> None:
        self.bar.clear()
        sys.stdout.write(text)

    def _close_bar(self) -> None:
        if self.bar_open:
            self.bar.close()
            self.bar_open = False

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        self._close_bar()
        for line in self.errors[:ERRORS_SHOWN]:
            print(f"error: {line}", file=sys.stderr)
        if len(self.errors) > ERRORS_SHOWN:
            print(f"... and {len(self.errors) - ERRORS_SHOWN} more errors (--verbose lists them all)",
                  file=sys.stderr)


DATE_SOURCES = {"metadata": "from HTML metadata", "text": "read from the text", "month": "a month read from the text",
                "default": "given --default-date"}


def render_summary(s: Any, db: str) -> str:
    """The run on one screen: what became of every article read, the records, fusion, the time."""
    rate = f" ({s.read / s.seconds:.1f} articles/s)" if s.seconds and s.read else ""
    lines = [f"{s.read} articles read in {s.seconds:.1f} s{rate}; database {db}",
             f"  stored      {s.stored:>7}  ({s.events} event claims, {s.claims} statements)"]
    for kind, n in sorted(s.skipped.items()):
        why = {"undated": "stored without a date", "language": "stored unrun: a language not supported yet"}
        lines.append(f"  {kind:<10}  {n:>7}  {why.get(kind, 'stored unrun')}")
    for name, n, what in (("failed", s.failed, "a stage failed: stored as failed, the next run tries again"),
                          ("not stored", s.not_stored, "the store write failed: the next run tries again"),
                          ("already", s.already, "stored by an earlier run (--redo runs them again)"),
                          ("rejected", s.rejected, "input records that could not be read (see the errors)")):
        if n:
            lines.append(f"  {name:<10}  {n:>7}  {what}")
    dated = [f"{s.dates[k]} {words}" for k, words in DATE_SOURCES.items() if s.dates[k]]
    if dated:
        lines.append(f"  dates       {', '.join(dated)}")
    if s.fuse_error:
        lines.append(f"  fusion      failed: {s.fuse_error} (`polemos fuse` tries again)")
    if s.fused is not None:
        lines.append(f"  fused       {s.fused.claims} event claims clustered again into {s.fused.events} events "
                     f"in {s.fused.seconds:.1f} s; {s.fused.total} events in the store")
    return "\n".join(lines)


def cmd_extract(args) -> int:
    from polemos.runner import run
    view = RunView(args)
    try:
        summary = run(args.paths, args.db, engine=args.engine, workers=args.workers, conflict=args.conflict,
                      undated=args.undated, default_date=args.default_date, redo=args.redo,
                      fuse=not args.no_fuse, max_chars=args.max_chars, progress=view)
    except RuntimeError as e:          # an engine that cannot start (Ray not installed...)
        if isinstance(e, PolemosError):
            raise
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        view.close()
    print(render_summary(summary, args.db), file=sys.stderr)
    return 0 if summary.ok else 1


# --- reading the store ---------------------------------------------------------------------------------

def _pending_note(store) -> None:
    with store.read() as r:
        n = r.pending()
    if n:
        print(f"note: {n} events hold claims not fused yet: `polemos fuse --db {store.location}` fuses them",
              file=sys.stderr)


def cmd_events(args) -> int:
    from polemos import export
    from polemos.store import Store
    chosen = _filters(args)
    if chosen is None:
        return 2
    store = Store(args.db, create=False)
    n = export.write(store, args.format, args.output, filters=chosen, claims=args.claims)
    _pending_note(store)
    if not n and chosen != type(chosen)():
        print("no stored event matches the filters", file=sys.stderr)
    return 0


def cmd_fuse(args) -> int:
    """Fuse the claims saved since the last fusion, then write the fused events the filters keep, one per line."""
    from polemos import export
    from polemos.store import Store
    chosen = _filters(args)
    if chosen is None:
        return 2
    store = Store(args.db, create=False)
    done = store.fuse(full=args.full)
    n = export.write(store, "jsonl", args.output, filters=chosen)
    wrote = f"; {n} match the filters" if chosen != type(chosen)() else ""
    print(f"{done.claims} event claims clustered again into {done.events} events in {done.seconds:.1f} s; "
          f"{done.total} events in the store{wrote}", file=sys.stderr)
    return 0


def _filters(args):
    """The Filters the options name (polemos.filters: those of the web API), or None after saying what is wrong."""
    from polemos.filters import Filters
    if args.since and args.until and args.since > args.until:
        print(f"error: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return None
    low = lambda values: [v.lower() for v in values or []]
    return Filters(bbox=args.bbox, date_from=args.since, date_to=args.until, event_type=args.event_type or [],
                   sub_event_type=args.sub_type or [], actor_side=low(args.actor_side), claimant=args.claimant or [],
                   claimant_side=low(args.side), disputed=args.disputed, corroborated=args.corroborated,
                   place=args.place or [], country=args.country or [], q=args.search)


# --- the other commands --------------------------------------------------------------------------------

def cmd_eval(args) -> int:
    from polemos import scoring
    try:
        scores = scoring.score(args.task, args.pred, args.gold, clusters=args.clusters, label_field=args.label_field)
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(scores, ensure_ascii=False) if args.json else scoring.render(scores))
    return 0


def cmd_serve(args) -> int:
    from polemos.store import Store
    from polemos.web.app import serve
    Store(args.db, create=bool(args.token)).close()       # reads only, unless writes are on: the store must exist
    serve(args.db, host=args.host, port=args.port, token=args.token)
    return 0


def cmd_attribute(args) -> int:
    from polemos import attribution
    return attribution.attribute_file(args.input, sys.stdout)


def cmd_geoparse(args) -> int:
    from polemos import places
    return places.geoparse_file(args.input, sys.stdout)


def cmd_classify(args) -> int:
    from polemos import classify
    return classify.classify_file(args.input, sys.stdout, args.scheme)


# --- options -------------------------------------------------------------------------------------------

def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, not {value!r}") from None


def _checked(name: str):
    """An argparse type from the parser `name` of polemos.filters (imported when an option is given, keeping the
    other commands' start fast): its ValueError becomes the option's error message."""
    def check(value: str):
        from polemos import filters
        try:
            return getattr(filters, name)(value)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    check.__name__ = name.replace("_", " ")
    return check


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return n


def _port(value: str) -> int:
    n = int(value) if value.isdigit() else -1
    if not 0 < n < 65536:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {value!r}")
    return n


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The filters of the web API's /api/events (polemos.filters), as options. A filter keeps or drops whole
    fused events."""
    g = p.add_argument_group("filters", "which fused events to write (as the web API's /api/events filters); "
                                        "options that take a value can be repeated: any of the values matches")
    g.add_argument("--since", "--date-from", type=_day, metavar="YYYY-MM-DD", help="events on or after this day")
    g.add_argument("--until", "--date-to", type=_day, metavar="YYYY-MM-DD", help="events on or before this day")
    g.add_argument("--event-type", action="append", type=_checked("event_type"), metavar="TYPE",
                   help='ACLED event type, e.g. "Battles"')
    g.add_argument("--sub-type", "--sub-event-type", action="append", type=_checked("sub_event_type"),
                   metavar="SUBTYPE", help='ACLED sub-event type, e.g. "Air/drone strike"')
    g.add_argument("--claimant", action="append", metavar="NAME", help="who claims it, in any spelling")
    g.add_argument("--side", "--claimant-side", action="append", metavar="SIDE",
                   help="the claimant's side: armenian, azerbaijani, international...")
    g.add_argument("--actor-side", action="append", metavar="SIDE", help="the side blamed (actor 1)")
    g.add_argument("--place", action="append", metavar="NAME", help="the event's place, any case")
    g.add_argument("--country", action="append", type=_checked("country_code"), metavar="CODE",
                   help="the event's country: ISO code (AZ) or English name (Azerbaijan)")
    g.add_argument("--bbox", type=_checked("parse_bbox"), metavar="W,S,E,N",
                   help="west,south,east,north in degrees (west > east crosses the antimeridian)")
    g.add_argument("--search", metavar="WORDS",
                   help="words that must all occur in the evidence, place, claimant, actors, target or weapon")
    for name, word in (("disputed", "two claims disagree about (whether, who, or the toll)"),
                       ("corroborated", "another camp or a neutral source backs")):
        flag = g.add_mutually_exclusive_group()
        flag.add_argument(f"--{name}", dest=name, action="store_const", const=True, default=None,
                          help=f"only events {word}")
        flag.add_argument(f"--un{name}", dest=name, action="store_const", const=False, help="only the others")


def _extract_parser(sub) -> None:
    e = sub.add_parser("extract", help="run the pipeline on articles, store and fuse the results",
                       description="Read articles (seed-format .txt, JSONL, CSV, Parquet, folders of .txt/.html, "
                                   "'-' for JSONL on stdin), extract events and claims, store and fuse them, and "
                                   "sum the run up on one screen.")
    e.add_argument("paths", nargs="+", help="files or folders")
    e.add_argument("--db", default="polemos.db", help="SQLite file or postgresql:// URL (default polemos.db)")
    e.add_argument("--format", choices=FORMATS, default="table", help="how --verbose prints each article")
    e.add_argument("--verbose", "-v", action="store_true",
                   help="print each article's records and each error as it comes (they are printed without it "
                        "when stdout is not the terminal)")
    e.add_argument("--redo", action="store_true", help="run again on articles already stored")
    e.add_argument("--no-fuse", action="store_true",
                   help="leave fusion of the stored claims into events for a later `polemos fuse`")
    e.add_argument("--workers", type=_positive, default=None, metavar="N",
                   help="worker processes, each loading the model once (default: one per CPU core)")
    e.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: processes on this machine; ray: Ray Data actors on a local Ray or on the cluster "
                        "RAY_ADDRESS names (pip install 'polemos[ray]')")
    e.add_argument("--conflict", metavar="NAME",
                   help="the conflict profile (data/conflicts/NAME.toml) to read every article with, instead of the "
                        "one its text points to")
    e.add_argument("--max-chars", type=_positive, default=None, metavar="N",
                   help="a longer text is stored as failed, unread (default POLEMOS_MAX_CHARS or 2,000,000); texts "
                        "over 20,000 characters are read in pieces")
    e.add_argument("--undated", choices=["infer", "skip", "reject"], default="infer",
                   help="articles without a date (HTML metadata counts as one): infer reads the latest full date "
                        "the text states, else its month, else stores the article undated (default); skip stores "
                        "them undated, unread; reject reports them as errors. --default-date dates the ones left")
    e.add_argument("--default-date", type=_day, metavar="YYYY-MM-DD",
                   help="publication date of articles without one and with nothing to infer it from")
    e.set_defaults(func=cmd_extract)


def _read_parsers(sub) -> None:
    formats = ["table", "jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet", "plover-json"]
    for name, text in [("events", "print the stored fused events"),
                       ("export", "write the stored fused events in a format other tools read")]:
        v = sub.add_parser(name, help=text, description=text + ": one row per fused event, its claims in the "
                                                              "claim columns (--claims: one row per claim). jsonl "
                                                              "is one fused event per line with all its claims; "
                                                              "articles-jsonl one article per line.")
        v.add_argument("--db", default="polemos.db", help="SQLite file or postgresql:// URL")
        v.add_argument("--format", choices=formats, default="table" if name == "events" else "acled-csv")
        v.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
        v.add_argument("--claims", action="store_true", help="one row per claim, naming its fused event")
        add_filter_options(v)
        v.set_defaults(func=cmd_events)
    fu = sub.add_parser("fuse", help="fuse the stored event claims into events; one fused event per line",
                        description="Reports of one event from many articles become one event with all its claims. "
                                    "Only what new claims reach is clustered again; event ids stay stable.")
    fu.add_argument("--db", default="polemos.db")
    fu.add_argument("--output", "-o", default="-")
    fu.add_argument("--full", action="store_true", help="cluster every claim again, not only what new ones reach")
    add_filter_options(fu)
    fu.set_defaults(func=cmd_fuse)


def _other_parsers(sub) -> None:
    sv = sub.add_parser("serve", help="HTTP API and web view over a database")
    sv.add_argument("--db", default="polemos.db")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=_port, default=8000)
    sv.add_argument("--token", default=None, help="enable POST /articles, requiring this bearer token")
    sv.set_defaults(func=cmd_serve)

    ev = sub.add_parser("eval", help="score predictions against a gold file (as ../shared/tools/evaluate.py)")
    ev.add_argument("task", choices=["events", "labels", "geo", "attribution", "fusion"])
    ev.add_argument("pred")
    ev.add_argument("gold")
    ev.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ev.add_argument("--clusters", help="gold clusters JSONL (fusion)")
    ev.add_argument("--label-field", default="label", help="gold field holding the label (labels)")
    ev.set_defaults(func=cmd_eval)

    at = sub.add_parser("attribute", help="who said what: {id,text} JSONL in, attribution spans out")
    at.add_argument("input")
    at.set_defaults(func=cmd_attribute)

    g = sub.add_parser("geoparse", help="toponyms with coordinates: {id,text} JSONL in, toponyms out")
    g.add_argument("input")
    g.set_defaults(func=cmd_geoparse)

    c = sub.add_parser("classify", help="ACLED sub-type or PLOVER type of short texts: {id,text} JSONL in")
    c.add_argument("input")
    c.add_argument("--scheme", choices=["acled", "plover"], default="acled")
    c.set_defaults(func=cmd_classify)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="polemos", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    _extract_parser(sub)
    _read_parsers(sub)
    _other_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except PolemosError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted: stored articles are kept; run again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
