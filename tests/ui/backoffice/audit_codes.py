"""Every action code the app writes into the audit trail, read from its source: the first
argument of each `….audit.append(…)`, the `action=` of each `append_entry(…)`, and (for the
approvals) the `action=` of each `permit(…)`, followed back through constants (of the module or
imported), local assignments, conditional expressions and the parameters of helper functions
to the string literals. A code the collector cannot follow fails the test that uses it, so a new
way of writing one is noticed rather than skipped."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import ModuleType

import kcp_pos
from kcp_pos.domain.attempt import AttemptState

PACKAGE = Path(kcp_pos.__file__).resolve().parent
API = PACKAGE / "store" / "audit_log.py"
"""Where `AuditLog.append` hands its caller's code on (the callers are read instead)."""
FORMATTED_FAMILIES: dict[str, type[StrEnum]] = {"attempt.": AttemptState}
"""Codes written as `f"<prefix>{state.value}"`: one per member of the enum."""


@dataclass(frozen=True)
class Site:
    module: ModuleType
    tree: ast.Module
    functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
    """The functions the expression is in, outermost first."""


def audit_action_codes() -> set[str]:
    """What `….audit.append(code, …)` and `append_entry(…, action=code)` write, and what the
    audit log writes itself (`self.append(CONSTANT, …)` in `store/audit_log.py`)."""
    return _codes(_written_action) | _own_codes()


def _own_codes() -> set[str]:
    module = importlib.import_module(_module_name(API))
    tree = ast.parse(API.read_text(encoding="utf-8"))
    found: set[str] = set()
    for call, functions in _calls(tree, ()):
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "append"):
            continue
        owner, first = func.value, call.args[0] if call.args else None
        if isinstance(owner, ast.Name) and owner.id == "self" and isinstance(first, ast.Name):
            found |= _resolve(first, Site(module, tree, functions))
    return found


def approval_action_codes() -> set[str]:
    """What `permit(…, action=code)` lets a manager approve (an approval's `action`)."""
    return _codes(lambda call: _keyword(call, "action") if _called(call) == "permit" else None)


def _codes(argument_of: Callable[[ast.Call], ast.expr | None]) -> set[str]:
    found: set[str] = set()
    for path in sorted(set(PACKAGE.rglob("*.py")) - {API}):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module: ModuleType | None = None
        for call, functions in _calls(tree, ()):
            expression = argument_of(call)
            if expression is None:
                continue
            module = module or importlib.import_module(_module_name(path))
            found |= _resolve(expression, Site(module, tree, functions))
    return found


def _written_action(call: ast.Call) -> ast.expr | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "append":
        owner = func.value
        if isinstance(owner, ast.Attribute) and owner.attr == "audit":
            return call.args[0] if call.args else _keyword(call, "action")
    if _called(call) == "append_entry":
        return _keyword(call, "action")
    return None


def _called(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _calls(
    node: ast.AST, functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
) -> Iterator[tuple[ast.Call, tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]]]:
    for child in ast.iter_child_nodes(node):
        inner = functions
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = (*functions, child)
        if isinstance(child, ast.Call):
            yield child, functions
        yield from _calls(child, inner)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(expression: ast.expr, site: Site) -> set[str]:
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.IfExp):
        return _resolve(expression.body, site) | _resolve(expression.orelse, site)
    if isinstance(expression, ast.JoinedStr):
        return _formatted(expression, site)
    if isinstance(expression, ast.Name):
        return _named(expression.id, site)
    raise AssertionError(f"{site.module.__name__}: cannot follow {ast.unparse(expression)}")


def _formatted(expression: ast.JoinedStr, site: Site) -> set[str]:
    prefix = expression.values[0]
    shape_known = (
        len(expression.values) == 2
        and isinstance(prefix, ast.Constant)
        and prefix.value in FORMATTED_FAMILIES
    )
    assert shape_known, f"{site.module.__name__}: add {ast.unparse(expression)} to the families"
    assert isinstance(prefix, ast.Constant)
    return {prefix.value + member.value for member in FORMATTED_FAMILIES[prefix.value]}


def _named(name: str, site: Site) -> set[str]:
    for depth in range(len(site.functions), 0, -1):
        function = site.functions[depth - 1]
        inner = Site(site.module, site.tree, site.functions[:depth])
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
        ]
        if assigned:
            return set().union(*(_resolve(value, inner) for value in assigned))
        if name in _parameters(function):
            return _passed(function, name, site)
    value = getattr(site.module, name)
    assert isinstance(value, str), f"{site.module.__name__}.{name} is not a string"
    return {value}


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    return [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]


def _passed(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, site: Site) -> set[str]:
    """What the module's calls of `function` pass as its parameter `name`."""
    positional = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    skip = 1 if positional[:1] in (["self"], ["cls"]) else 0
    found: set[str] = set()
    calls = [(c, f) for c, f in _calls(site.tree, ()) if _called(c) == function.name]
    assert calls, f"{site.module.__name__}.{function.name} is never called there"
    for call, functions in calls:
        argument = _keyword(call, name)
        if argument is None:
            argument = call.args[positional.index(name) - skip]
        found |= _resolve(argument, Site(site.module, site.tree, functions))
    return found
