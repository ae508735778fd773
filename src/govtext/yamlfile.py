"""The one YAML reader of the package, with one error contract.

Every coding resource (programme codebook, dimensions, units, themes, campaign stages, design table) is
read by :func:`read_yaml`. Its errors are :class:`ResourceError`, a ``ValueError`` whose message names the
file, and, where there is one, the entry and the field: ``programmes.yml: entry 'sanhui_yike': field
'name_zh': duplicate key``. Unlike ``yaml.safe_load``, a mapping that repeats a key is an error (PyYAML
silently keeps the last value, which once made a codebook with two ``programmes:`` sections code with
the second one only), anchors/aliases that expand a document beyond :data:`MAX_NODES` nodes are
refused (a "billion laughs" file would otherwise exhaust memory), and so is nesting deep enough to
exhaust Python's stack. Messages are one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_NODES = 200_000
"""Largest number of YAML nodes a resource may expand to (aliases counted each time they are used)."""


class ResourceError(ValueError):
    """A coding resource that cannot be used: the message names the file, the entry and the field."""


def resource_problem(path: str | Path, where: str | None, message: str) -> str:
    """``file: where: message`` (``where`` left out when None): the one shape of every resource error."""
    parts = [str(path), *([where] if where else []), message]
    return ": ".join(parts)


_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (ten times faster, the same data), else PyYAML's own."""


class _StrictLoader(_SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader that refuses repeated mapping keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # the base class reports unhashable keys
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "in a mapping",
                    node.start_mark,
                    f"duplicate key {key!r} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes in ``node`` with every alias expanded (what a consumer walking the data would visit)."""
    key = id(node)
    if key not in sizes:
        sizes[key] = 1  # a node that contains itself is counted once
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        total = 1
        for child in children:
            total += _expanded_size(child, sizes)
            if total > MAX_NODES:
                break
        sizes[key] = total
    return sizes[key]


def parse_yaml(text: str, source: str | Path = "<string>") -> Any:
    """Parse YAML ``text`` strictly (duplicate keys and runaway aliases refused); errors name ``source``."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_NODES:
            message = f"expands to more than {MAX_NODES:,} nodes (aliases of aliases?)"
            raise ResourceError(resource_problem(source, "not valid YAML", message))
        return loader.construct_document(node)
    except RecursionError:  # PyYAML composes and constructs recursively: ``[[[[…`` 1,000 levels deep
        message = "nested too deeply (more than a few hundred levels of lists or mappings)"
        raise ResourceError(resource_problem(source, "not valid YAML", message)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = "not valid YAML" + (f": line {mark.line + 1}" if mark is not None else "")
        raise ResourceError(resource_problem(source, where, " ".join(str(problem).split()))) from None
    finally:
        loader.dispose()


def read_yaml(path: str | Path) -> Any:
    """The parsed YAML file at ``path``, or :class:`ResourceError` naming it: not found, unreadable, not
    UTF-8, not valid YAML, a repeated key, or aliases that expand too far."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError(resource_problem(path, None, "file not found")) from None
    except UnicodeDecodeError as exc:
        raise ResourceError(resource_problem(path, None, f"not UTF-8 text ({exc.reason})")) from None
    except OSError as exc:
        raise ResourceError(resource_problem(path, None, f"cannot read file: {exc.strerror}")) from None
    return parse_yaml(text.removeprefix("\ufeff"), path)


def read_yaml_mapping(
    path: str | Path,
    fields: set[str] | frozenset[str],
    *,
    error: type[ResourceError] = ResourceError,
    what: str = "",
) -> dict[str, Any]:
    """:func:`read_yaml` for a resource whose top level is a mapping with only ``fields``; its errors
    (and a top level that is not a mapping, or an unknown top-level field) are raised as ``error``,
    naming the file. ``what`` describes the expected content in the message."""
    try:
        data = read_yaml(path)
    except ResourceError as exc:
        raise error(str(exc)) from None
    if not isinstance(data, dict):
        raise error(
            resource_problem(path, None, f"top level must be a mapping{f' with {what}' if what else ''}")
        )
    unknown = sorted(set(data) - set(fields), key=str)
    if unknown:
        raise error(
            resource_problem(path, None, f"unknown top-level field(s): {', '.join(map(str, unknown))}")
        )
    return data
