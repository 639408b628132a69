"""The polemos command line: a thin layer over the library (extract, events, export, eval, attribute, geoparse,
classify, serve)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter

from polemos.types import Result

FORMATS = ["table", "jsonl", "acled-csv"]


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
        out.write(f"  EVENT {e.date} (p{e.time_precision})  {e.sub_event_type}  @ {loc.name}, {loc.country} "
                  f"({loc.lat:.4f}, {loc.lon:.4f}, p{loc.geo_precision}){toll}\n"
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


def cmd_extract(args) -> int:
    from polemos import engine, export, ingest
    from polemos.errors import IngestError
    from polemos.store import Store

    store = Store(args.db)
    counts = {"rejected": 0, "stored": 0, "done": 0, "skipped": 0, "undated": 0, "failed": 0}
    dated = Counter()                  # where the publication dates of the articles run came from
    table_rows = []                    # acled-csv is one table: written once at the end
    rerun = args.redo or args.format == "acled-csv"
    progress = engine.Progress(sys.stderr)
    progress.count_in_background(args.paths)

    def articles():
        undated = ingest.Undated(args.undated, args.default_date)
        for item in ingest.read(args.paths, undated):
            if isinstance(item, IngestError):
                counts["rejected"] += 1
                progress.clear()
                print(f"error: {item}", file=sys.stderr)
                progress.advance()
            elif isinstance(item, Result):    # --undated skip: stored unrun, with the reason
                counts["undated"] += 1
                if rerun or not store.has(item.article.id):
                    store.save(item)
                show(item)
                progress.advance()
            elif rerun or not store.has(item.id):
                yield item
            else:                      # resuming: an article stored by an earlier run is not run again
                counts["stored"] += 1
                progress.advance()
                if args.format == "jsonl":
                    sys.stdout.write(json.dumps(store.result_json(item.id), ensure_ascii=False) + "\n")
                elif args.format == "table":
                    sys.stdout.write(f"== {item.id}  already stored in {args.db} (--redo runs it again)\n\n")

    def show(result):
        if sys.stdout.isatty():
            progress.clear()           # the bar and the printed results share the terminal
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(store.result_json(result.article.id), ensure_ascii=False) + "\n")
        elif args.format == "table":
            render_table(result, sys.stdout)
        else:
            table_rows.append(result)

    try:
        runner = engine.make(args.engine, args.workers)
    except RuntimeError as e:          # an engine that cannot start (Ray not installed...)
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        for result in runner.run(articles()):
            store.save(result)         # this process alone writes: SQLite sees one writer
            counts["done"] += 1
            dated[result.article.date_source] += 1
            failed = result.failed
            counts["failed"] += failed
            counts["skipped"] += bool(result.skipped) and not failed
            if failed:
                progress.clear()
                print(f"error: {result.article.origin or result.article.id}: {result.skipped} (stored as failed; "
                      f"the next run tries it again)", file=sys.stderr)
            show(result)
            progress.advance()
    finally:
        progress.close()
    if table_rows:
        export.write(table_rows, "acled-csv", sys.stdout)
    if counts["done"] and not args.no_fuse:
        from polemos import fusion
        fused = fusion.fuse_store(store)
        print(f"{sum(len(e['claims']) for e in fused)} event claims in the database fused into {len(fused)} events",
              file=sys.stderr)
    undated = f", {counts['undated']} without a date stored unrun (--undated skip)" if counts["undated"] else ""
    failed = f", {counts['failed']} failed" if counts["failed"] else ""
    print(f"{counts['done']} articles run ({counts['skipped']} skipped: language{failed}), {counts['stored']} already "
          f"stored{undated}, {counts['rejected']} rejected{_date_sources(dated)}; database {args.db}",
          file=sys.stderr)
    return 1 if counts["rejected"] or counts["failed"] else 0


DATE_SOURCES = {"metadata": "from HTML metadata", "text": "read from the text", "default": "given --default-date"}


def _date_sources(found: Counter) -> str:
    """How many of the articles run were dated other than by their input's date field (types.Article.date_source)."""
    parts = [f"{found[k]} {words}" for k, words in DATE_SOURCES.items() if found[k]]
    return f" (publication dates: {', '.join(parts)})" if parts else ""


def cmd_events(args) -> int:
    from polemos import export
    from polemos.filters import export_where
    from polemos.store import Store
    if args.format == "jsonl":
        return cmd_fuse(args)
    chosen = _filters(args)
    if chosen is None:
        return 2
    store = Store(args.db)
    where = export_where(store, chosen)
    n = export.write(store, args.format.replace("articles-", ""), args.output, where=where)
    if where is not None and not n:
        print("no stored event matches the filters", file=sys.stderr)
    return 0


def cmd_fuse(args) -> int:
    """Fuse the stored claims into events and write one fused event per line (those the filters keep)."""
    from polemos import fusion
    from polemos.export import open_output
    from polemos.filters import export_where
    from polemos.store import Store
    chosen = _filters(args)
    if chosen is None:
        return 2
    store = Store(args.db)
    fused = fusion.fuse_store(store)        # every stored claim: a filter must not change how events fuse
    where = export_where(store, chosen)
    kept = fused
    if where is not None:
        with store.engine.connect() as conn:
            gids = set(conn.execute(where["gid"]).scalars())
        kept = [ev for ev in fused if ev["event_id"] in gids]
    sources = {a["id"]: a.get("date_source") for a in store.articles(with_text=False)}
    with open_output(args.output, binary=False) as out:
        for ev in kept:
            for claim in ev["claims"]:
                claim["article_date_source"] = sources.get(claim.get("article_id"))
            out.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
    wrote = f"; {len(kept)} match the filters" if where is not None else ""
    print(f"{sum(len(e['claims']) for e in fused)} claims fused into {len(fused)} events{wrote}", file=sys.stderr)
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
    from polemos.web.app import serve
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


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The filters of the web API's /api/events (polemos.filters), as options. A filter keeps or drops whole
    fused events: every claim of an event that matches is written."""
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
    for name, word in (("disputed", "the sides disagree about"), ("corroborated", "another camp or a neutral "
                                                                                "source backs")):
        flag = g.add_mutually_exclusive_group()
        flag.add_argument(f"--{name}", dest=name, action="store_const", const=True, default=None,
                          help=f"only events {word}")
        flag.add_argument(f"--un{name}", dest=name, action="store_const", const=False, help="only the others")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return n


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="polemos", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="run the pipeline on articles and store the results",
                       description="Read articles (seed-format .txt, JSONL, CSV, Parquet, folders of .txt/.html, "
                                   "'-' for JSONL on stdin), extract events and claims, store them, print them.")
    e.add_argument("paths", nargs="+", help="files or folders")
    e.add_argument("--db", default="polemos.db", help="SQLite file or postgresql:// URL (default polemos.db)")
    e.add_argument("--format", choices=FORMATS, default="table")
    e.add_argument("--redo", action="store_true", help="run again on articles already stored")
    e.add_argument("--no-fuse", action="store_true",
                   help="leave fusion of the stored claims into events for a later `polemos fuse`")
    e.add_argument("--workers", type=_positive, default=None, metavar="N",
                   help="worker processes, each loading the model once (default: one per CPU core)")
    e.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: processes on this machine; ray: Ray Data actors on a local Ray or on the cluster "
                        "RAY_ADDRESS names (pip install 'polemos[ray]')")
    e.add_argument("--undated", choices=["infer", "skip", "reject"], default="infer",
                   help="articles without a date (HTML metadata counts as one): infer reads the latest full date the "
                        "text states (default); skip stores them unrun, with the reason; reject reports them as "
                        "errors. Either way --default-date dates the ones left over")
    e.add_argument("--default-date", type=_day, metavar="YYYY-MM-DD",
                   help="publication date of articles without one and with nothing to infer it from")
    e.set_defaults(func=cmd_extract)

    for name, text in [("events", "print the stored events"),
                       ("export", "write the stored events in a format other tools read")]:
        v = sub.add_parser(name, help=text, description=text + ". jsonl is one fused event per line (with all its "
                                                          "claims); articles-jsonl one article per line.")
        v.add_argument("--db", default="polemos.db", help="SQLite file or postgresql:// URL")
        v.add_argument("--format", choices=["table", "jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet",
                                            "plover-json"],
                       default="table" if name == "events" else "acled-csv")
        v.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
        add_filter_options(v)
        v.set_defaults(func=cmd_events)

    fu = sub.add_parser("fuse", help="fuse stored event claims into events; one fused event per line",
                        description="Reports of one event from many articles become one event with all its claims; "
                                    "event ids stay stable across runs.")
    fu.add_argument("--db", default="polemos.db")
    fu.add_argument("--output", "-o", default="-")
    add_filter_options(fu)
    fu.set_defaults(func=cmd_fuse)

    sv = sub.add_parser("serve", help="HTTP API and web view over a database")
    sv.add_argument("--db", default="polemos.db")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000)
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: stored articles are kept; run again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
