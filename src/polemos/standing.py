"""Who stands by each claim of a fused event: the claimants that back it (another camp or a neutral source saying
the same) and those that contradict it (a denial either way, or blame on another side); claimant profiles from it.
The store keeps each claim's standing beside it (events.backed, events.contradicted) when it writes fusion's events.
"""
from __future__ import annotations

from collections import Counter

from polemos import fusion
from polemos.fusion import DENIED


def standing(claims: list[dict]) -> list[tuple[set[str], set[str]]]:
    """For each claim of one fused event: the claimants that back it (another camp or a neutral source saying the
    same) and those that contradict it (a denial either way, or blame on another side)."""
    return [({o.get("claimant") or "" for o in claims if _backs(o, c)},
             {o.get("claimant") or "" for o in claims if _contradicts(o, c)}) for c in claims]


def claimant_profiles(fused: list[dict]) -> list[dict]:
    """Per claimant: claims made, how many another camp or a neutral source backs, how many another claimant
    contradicts, and by whom. Spellings of one name count as one claimant."""
    prof: dict[tuple, dict] = {}
    for ev in fused:
        claims = ev.get("claims") or []
        for c, (backers, against) in zip(claims, standing(claims), strict=True):
            side = c.get("claimant_side") or "unknown"
            p = prof.setdefault((fusion.norm_name(c.get("claimant") or ""), side), {
                "claimant": c.get("claimant") or "", "claimant_side": side, "claims": 0, "corroborated": 0,
                "contradicted": 0, "corroborated_by": Counter(), "contradicted_by": Counter()})
            p["claims"] += 1
            p["corroborated"] += bool(backers)
            p["contradicted"] += bool(against)
            p["corroborated_by"].update(backers)
            p["contradicted_by"].update(against)
    out = [dict(p, corroborated_by=dict(sorted(p["corroborated_by"].items())),
                contradicted_by=dict(sorted(p["contradicted_by"].items()))) for p in prof.values()]
    return sorted(out, key=lambda p: (-p["claims"], p["claimant"], p["claimant_side"]))


def _same_claimant(a: dict, b: dict) -> bool:
    return fusion.norm_name(a.get("claimant") or "") == fusion.norm_name(b.get("claimant") or "")


def _backs(other: dict, claim: dict) -> bool:
    sides = fusion.conf()["sides"]
    side = other.get("claimant_side") or "unknown"
    independent = side in sides["neutral"] or fusion.camp(side) != fusion.camp(claim.get("claimant_side"))
    agree = (other.get("stance") == DENIED) == (claim.get("stance") == DENIED)
    return agree and side not in sides["unknown"] and independent and not _same_claimant(other, claim)


def _contradicts(other: dict, claim: dict) -> bool:
    if _same_claimant(other, claim):
        return False
    if (other.get("stance") == DENIED) != (claim.get("stance") == DENIED):
        return True
    a, b = fusion.actor_side(other), fusion.actor_side(claim)
    blamable = claim.get("event_type") in fusion.conf()["disputes"]["blame_types"]
    return claim.get("stance") != DENIED and blamable and bool(a and b and a != b)
