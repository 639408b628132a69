"""What `polemos extract` shows: a progress bar on a terminal, each article's records when asked (or when stdout is
not the terminal), errors apart from the bar, and the run summed up on one screen at the end."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from polemos.types import Result

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
        out.write(f"  CLAIM {c.type}  by {c.claimant} [{c.claimant_side}] → {c.target or '-'}  "
                  f"cue {c.attribution_cue!r} {c.stance}\n        “{c.evidence.strip()}”\n")
    if not result.events and not result.claims:
        out.write("  (no events or claims found)\n")
    out.write("\n")


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


DATE_SOURCES = {"metadata": "from HTML metadata", "text": "read from the text", "month": "known to the month only",
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
