"""No import cycles between the modules of ``oa_desktop`` (DESIGN.md §1).

grimp (installed with import-linter) builds the import graph, counting imports inside
functions and under ``TYPE_CHECKING`` too: a cycle there still ties the modules together.
Each cycle is named by its modules, so the failure says where to cut.
"""

from __future__ import annotations

import grimp

# Cycles known to be removed by work on another branch, each with the reason. Keep it
# empty: the stale-entry test below fails once a listed cycle is gone.
KNOWN_CYCLES: dict[frozenset[str], str] = {}


class _Tarjan:
    """Strongly connected components (Tarjan's algorithm), depth first."""

    def __init__(self, edges: dict[str, list[str]]) -> None:
        self.edges = edges
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.on_stack: set[str] = set()
        self.groups: list[list[str]] = []

    def visit(self, module: str) -> None:
        self.index[module] = self.low[module] = len(self.index)
        self.stack.append(module)
        self.on_stack.add(module)
        for target in self.edges[module]:
            if target not in self.index:
                self.visit(target)
                self.low[module] = min(self.low[module], self.low[target])
            elif target in self.on_stack:
                self.low[module] = min(self.low[module], self.index[target])
        if self.low[module] == self.index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(self.stack.pop())
                self.on_stack.discard(group[-1])
            self.groups.append(sorted(group))


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of two or more modules that import each other, round about; each sorted."""
    modules = sorted(graph.modules)
    tarjan = _Tarjan({m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules})
    for module in modules:
        if module not in tarjan.index:
            tarjan.visit(module)
    return sorted(g for g in tarjan.groups if len(g) > 1)


def _describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    members = set(group)
    links = [f"  {importer} -> {imported} (line {detail['line_number']})"
             for importer in group
             for imported in sorted(graph.find_modules_directly_imported_by(importer) & members)
             for detail in graph.get_import_details(importer=importer, imported=imported)[:1]]
    return "\n".join([f"cycle of {len(group)}:", *links])


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("oa_desktop")
    found = [g for g in cycles(graph) if frozenset(g) not in KNOWN_CYCLES]
    assert found == [], "import cycles:\n" + "\n".join(_describe(graph, g) for g in found)


def test_known_cycles_have_no_stale_entries() -> None:
    present = {frozenset(g) for g in cycles(grimp.build_graph("oa_desktop"))}
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in present]
    assert stale == [], f"these cycles are gone: remove them from KNOWN_CYCLES: {stale}"


def test_cycles_are_found_also_under_type_checking_and_in_functions() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.one", "a.two", "a.three", "a.four"):
        graph.add_module(name)
    graph.add_import(importer="a.one", imported="a.two", line_number=1, line_contents="x")
    graph.add_import(importer="a.two", imported="a.three", line_number=1, line_contents="x")
    graph.add_import(importer="a.three", imported="a.one", line_number=9, line_contents="x")
    graph.add_import(importer="a.four", imported="a.one", line_number=1, line_contents="x")
    assert cycles(graph) == [["a.one", "a.three", "a.two"]]
    assert "a.three -> a.one (line 9)" in _describe(graph, ["a.one", "a.three", "a.two"])
