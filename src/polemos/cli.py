"""The polemos command line: a thin layer over the library (extract, events, export, fuse, eval, attribute,
geoparse, classify, serve). A known failure (polemos.errors.PolemosError) is one line on stderr and exit code 2
for a usage error, 1 for a data error."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from polemos.errors import PolemosError

FORMATS = ["table", "jsonl"]


# --- extract -------------------------------------------------------------------------------------------

def cmd_extract(args) -> int:
    from polemos.console import RunView, render_summary
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
    token = _token(args)
    Store(args.db, create=bool(token)).close()      # reads only, unless writes are on: the store must exist
    _free(args.host, args.port)
    serve(args.db, host=args.host, port=args.port, token=token, max_body=args.max_body)
    return 0


def _free(host: str, port: int) -> None:
    """The address can be served: a port in use or a host that is not this machine's is one line, not uvicorn's
    log and exit."""
    import socket

    from polemos.errors import ApiMsg, UsageError
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as e:
        raise UsageError(ApiMsg.ADDRESS.format(host=host, port=port, error=e.strerror or e)) from None


def _token(args) -> str | None:
    """The write token: --token-file, else --token (with a warning: any local user can read a command line),
    else POLEMOS_TOKEN; None leaves writes off."""
    import os

    from polemos.errors import ApiMsg, UsageError
    if args.token_file:
        try:
            with open(args.token_file, encoding="utf-8") as f:
                token = f.read().strip()
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(ApiMsg.TOKEN_FILE.format(path=args.token_file,
                                                      error=getattr(e, "strerror", None) or e)) from None
        if not token:
            raise UsageError(ApiMsg.EMPTY_TOKEN.format(where=args.token_file))
        return token
    if args.token is not None:
        print(f"warning: {ApiMsg.TOKEN_ARGV}", file=sys.stderr)
        if not args.token.strip():
            raise UsageError(ApiMsg.EMPTY_TOKEN.format(where="--token"))
        return args.token.strip()
    return os.environ.get("POLEMOS_TOKEN", "").strip() or None


def _reading(path: str, run) -> int:
    """A command that reads texts (attribute, geoparse, classify): 0 when every record was read; a missing input
    file is one line and exit code 2, a bad record one line and exit code 1."""
    import os

    from polemos.errors import DataError, InputError
    if os.path.isdir(path) or not os.path.exists(path):
        print(f"error: {path}: {'a folder, not a JSONL file' if os.path.isdir(path) else 'no such file'}",
              file=sys.stderr)
        return 2
    try:
        code = run()
    except (InputError, DataError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (ValueError, UnicodeDecodeError, OSError) as e:   # a line that is not JSON, not UTF-8, a read error
        print(f"error: {' '.join(str(e).split())[:300]}", file=sys.stderr)
        return 1
    return code if code in (0, 1, 2) else 0


def cmd_attribute(args) -> int:
    from polemos import attribution
    return _reading(args.input, lambda: attribution.attribute_file(args.input, sys.stdout))


def cmd_geoparse(args) -> int:
    from polemos import places
    return _reading(args.input, lambda: places.geoparse_file(args.input, sys.stdout))


def cmd_classify(args) -> int:
    from polemos import classify

    def labelled() -> int:
        classify.classify_file(args.input, sys.stdout, args.scheme)      # returns how many: not an exit code
        return 0
    return _reading(args.input, labelled)


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
                   help="the claimant's side: a state's demonym (french), international, neutral...")
    g.add_argument("--actor-side", action="append", metavar="SIDE", help="the side blamed (actor 1)")
    g.add_argument("--place", action="append", metavar="NAME", help="the event's place, any case")
    g.add_argument("--country", action="append", type=_checked("country_code"), metavar="CODE",
                   help="the event's country: ISO code (FR) or English name (France)")
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
    sv.add_argument("--token-file", metavar="FILE",
                    help="enable POST /api/articles, requiring the bearer token this file holds (or set POLEMOS_TOKEN)")
    sv.add_argument("--token", default=None, help=argparse.SUPPRESS)     # visible to every local user: warned
    sv.add_argument("--max-body", type=_positive, default=4 * 1024 * 1024, metavar="BYTES",
                    help="the largest request body read; a larger one is refused (413) unread (default 4 MiB)")
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
    except OSError as e:            # a disk full, a file that went away: the problem in one line
        print(f"error: {str(e.filename) + ': ' if e.filename else ''}{e.strerror or e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
