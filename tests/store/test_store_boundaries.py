"""Where SQL lives and how its rows travel (ARCHITECTURE.md: store holds "all SQL … rows decoded by
name"; services return "frozen dataclasses (never database rows)").

(a) No cursor call — `execute(`, `executemany(`, `executescript(` — anywhere in counselroom/ outside
    counselroom/store/, and no SQL text outside it either.
(b) No positional row decoding inside counselroom/store/. The rule, checked on the syntax tree of
    every store module, function by function: a value is row-like when it is named r, row, rows,
    rec, record or first, when it is the direct result of a fetching call (`.execute(…)`,
    `.fetchone()`, `.fetchall()`, `.fetchmany()`, `fetch_one(…)`, `fetch_all(…)`, `fetch_each(…)`),
    when a name is assigned from such a call, or when it is a loop variable over one of these.
    A row-like value must not be subscripted with an integer or a slice (`r[5]`, `row[1:3]`,
    `….fetchone()[0]`), spread into a call (`Thing(*r)`), or unpacked into a tuple of names
    (`for a, b in conn.execute(…)`, `a, b = fetch_one(…)`). Read columns by name: `r["student_no"]`,
    with `AS` aliases for computed columns. The checker is itself tested on known offenders below.
(c) No public service function returns a type defined in counselroom.store, directly or inside any
    dataclass reachable from its return annotation (fields, nested, in containers and unions).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import counselroom.services
from counselroom.store.database import Database
from counselroom.store.students.student_records import GuardianRow

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "counselroom"
STORE = PACKAGE / "store"

CURSOR_CALLS = frozenset({"execute", "executemany", "executescript"})
SQL_TEXT = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w+|CREATE\s+TABLE)\b",
    re.DOTALL,
)
ROW_NAMES = frozenset({"r", "row", "rows", "rec", "record", "first"})
FETCHES = frozenset({"execute", "fetchone", "fetchall", "fetchmany", "fetch_one", "fetch_all", "fetch_each"})
# The open database every service takes as its first argument and a Session carries: a handle, not a row.
STORE_HANDLES = frozenset({Database})


def _python_files(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.rglob("*.py"))


def _outside_store() -> Iterator[Path]:
    for path in _python_files(PACKAGE):
        if not path.is_relative_to(STORE):
            yield path


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_name(node: ast.AST) -> str:
    if not isinstance(node, ast.Call):
        return ""
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


# -- (a) cursor calls and SQL text only in store -------------------------------------------------
def test_no_cursor_calls_outside_store() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} {_called_name(node)}("
        for path in _outside_store()
        for node in ast.walk(_tree(path))
        if _called_name(node) in CURSOR_CALLS
    ]
    assert offenders == [], "SQL belongs in a store repository function:\n" + "\n".join(offenders)


def test_no_sql_text_outside_store() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:60]!r}"
        for path in _outside_store()
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value)
    ]
    assert offenders == [], "SQL belongs in a store repository function:\n" + "\n".join(offenders)


# -- (b) rows decoded by name in store -----------------------------------------------------------
def _is_position(index: ast.expr) -> bool:
    if isinstance(index, ast.Slice):
        return True
    if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub):
        index = index.operand
    return isinstance(index, ast.Constant) and type(index.value) is int


def _loops(scope: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(target, iterable) of every for statement and comprehension in the scope."""
    for node in ast.walk(scope):
        if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            yield node.target, node.iter


def _assignments(scope: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            yield from ((target, node.value) for target in node.targets)
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            yield node.target, node.value


def _fetched_names(scope: ast.AST) -> set[str]:
    """Names bound to a fetch result in this scope, or looping over one (to a fixed point)."""
    names: set[str] = set()
    while True:
        found = {
            target.id
            for target, value in [*_assignments(scope), *_loops(scope)]
            if isinstance(target, ast.Name)
            and (_called_name(value) in FETCHES or (isinstance(value, ast.Name) and value.id in names))
        }
        if found <= names:
            return names
        names |= found


def _scope_problems(scope: ast.AST) -> Iterator[tuple[int, str]]:
    fetched = _fetched_names(scope)

    def row_like(node: ast.expr, *, by_name: bool = True) -> bool:
        if isinstance(node, ast.Name):
            return node.id in fetched or (by_name and node.id in ROW_NAMES)
        return _called_name(node) in FETCHES

    for node in ast.walk(scope):
        if isinstance(node, ast.Subscript) and row_like(node.value) and _is_position(node.slice):
            yield node.lineno, f"{ast.unparse(node)}: read the column by name"
        elif isinstance(node, ast.Starred) and row_like(node.value):
            yield node.lineno, f"{ast.unparse(node)}: spreads a row by position"
    unpacked = [*_loops(scope), *_assignments(scope)]
    for target, value in unpacked:
        if isinstance(target, ast.Tuple | ast.List) and row_like(value, by_name=False):
            yield target.lineno, f"{ast.unparse(target)} = {ast.unparse(value)}: unpacks a row by position"


def positional_decodes(tree: ast.Module) -> list[tuple[int, str]]:
    """Every positional decode in a module, each function checked with its own bindings."""
    scopes: list[ast.AST] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    top = ast.Module(body=[n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)])
    return sorted({problem for scope in [top, *scopes] for problem in _scope_problems(scope)})


def test_store_reads_columns_by_name() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in _python_files(STORE)
        for line, what in positional_decodes(_tree(path))
    ]
    assert offenders == [], "\n".join(offenders)


KNOWN_OFFENDERS = """
def a(conn):
    found = conn.execute("SELECT x FROM t").fetchone()
    return found[0]
def b(conn):
    return conn.execute("SELECT x FROM t").fetchone()[0]
def c(conn):
    return [Thing(*each) for each in fetch_all(conn, "SELECT a, b FROM t")]
def d(conn):
    return {k: v for k, v in conn.execute("SELECT k, v FROM t")}
def e(conn):
    cursor = conn.execute("SELECT a, b, c FROM t")
    for item in cursor:
        yield item[1:]
def f(conn):
    x, y = fetch_one(conn, "SELECT a, b FROM t")
def g(r):
    return r[-1]
"""

NAMED_READS = """
def a(conn):
    found = fetch_one(conn, "SELECT count(*) AS n FROM t")
    return found["n"] if found else 0
def b(conn, rows):
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(x, y) for x, y in rows])
def c(conn):
    return {r["k"]: r["v"] for r in fetch_all(conn, "SELECT k, v FROM t")}
def d(match):
    return int(match[1])
"""


def test_the_positional_check_finds_known_offenders() -> None:
    """The check above must not pass because it looks at nothing."""
    found = positional_decodes(ast.parse(KNOWN_OFFENDERS))
    assert [line for line, _ in found] == [4, 6, 8, 10, 14, 16, 18], found
    assert positional_decodes(ast.parse(NAMED_READS)) == []


# -- (c) services hand out their own dataclasses ---------------------------------------------------
def _public_service_functions() -> Iterator[tuple[str, typing.Callable[..., object]]]:
    for info in pkgutil.walk_packages(counselroom.services.__path__, "counselroom.services."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == module.__name__:
                yield f"{info.name}.{name}", value


def _store_types(annotation: object, path: tuple[str, ...], seen: set[type]) -> Iterator[str]:
    """Each store type the annotation reaches, as the chain of fields that leads to it."""
    if typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            yield from _store_types(argument, path, seen)
        return
    if not isinstance(annotation, type) or annotation in seen or annotation in STORE_HANDLES:
        return
    seen.add(annotation)
    if annotation.__module__.startswith("counselroom.store"):
        yield " → ".join([*path, f"{annotation.__module__}.{annotation.__qualname__}"])
    elif dataclasses.is_dataclass(annotation):
        for field, hint in typing.get_type_hints(annotation).items():
            yield from _store_types(hint, (*path, f"{annotation.__qualname__}.{field}"), seen)


def test_services_never_return_store_types() -> None:
    checked, offenders = 0, []
    for name, function in _public_service_functions():
        hints = typing.get_type_hints(function)
        checked += 1
        if "return" in hints:
            offenders += _store_types(hints["return"], (name,), set())
    assert checked > 100, "the walk over counselroom.services found too few functions"
    assert offenders == [], "give the service its own frozen dataclass:\n" + "\n".join(offenders)


@dataclasses.dataclass(frozen=True)
class _Inner:
    guardians: tuple[GuardianRow, ...] | None


@dataclasses.dataclass(frozen=True)
class _Outer:
    inner: list[_Inner]


def test_the_return_walk_finds_a_store_row_in_a_nested_field() -> None:
    found = list(_store_types(dict[str, _Outer], ("f",), set()))
    assert found == ["f → _Outer.inner → _Inner.guardians → counselroom.store.students.student_records.GuardianRow"]
    assert list(_store_types(types.SimpleNamespace, ("f",), set())) == []
