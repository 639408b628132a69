"""Architecture: no import cycle inside polemos (imports inside functions included), no module over 600 lines and
no function over 60 lines. Read from the source with ast: nothing is imported."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "polemos"
MAX_MODULE, MAX_FUNCTION = 600, 60

# Modules other helpers are rewriting now; the integrator empties this list when their work is merged.
NOT_YET: set[str] = set()


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The polemos modules a module imports, at its top or inside a function; `from x import y` of a submodule y
    is an import of x.y (not of the package x, whose __init__ Python runs first anyway)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            subs = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known}
            found |= subs if len(subs) == len(node.names) else subs | {base}
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycle(g: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_graph_sees_imports_inside_functions():
    g = {"a": {"b"}, "b": {"a"}}
    assert cycle(g) == ["a", "b", "a"]
    src = "def f():\n    from polemos import nlp\n"
    path = Path(__file__).parent / "_probe_module.py"
    path.write_text(src)
    try:
        assert imports_of("polemos.x", path, {"polemos.nlp", "polemos"}) == {"polemos.nlp"}
    finally:
        path.unlink()


def _not_yet_modules() -> set[str]:
    return {"polemos." + f[:-3].replace("/", ".") for f in NOT_YET}


def test_no_import_cycle_in_polemos():
    """Edges between two modules of NOT_YET (being rewritten by others: store <-> fusion) are left out until then."""
    waiting = _not_yet_modules()
    g = {n: {m for m in ms if not (n in waiting and m in waiting)} for n, ms in graph().items()}
    found = cycle(g)
    assert found is None, "import cycle: " + " -> ".join(found)


def _mine():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if str(p.relative_to(PACKAGE)) not in NOT_YET]


@pytest.mark.parametrize("path", _mine(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_are_short(path):
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    assert lines <= MAX_MODULE, f"{path.name}: {lines} lines (at most {MAX_MODULE})"
    long = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION} lines: {long}"
