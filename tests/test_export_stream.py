"""The streaming GEXF writer writes what networkx's writer wrote, byte for byte (issue 15).

``kg.export`` used to build networkx's ``GEXFWriter`` tree and fix it for the
GEXF 1.3 schema; it now writes the document line by line. The oracle below is
that former path, kept here only to check the new writer against it on graphs
with every kind of value the export produces, and on the seeds.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter

from kg.export import SEP, _intervals, build_graph, generate_gexf, write_gexf
from kg.store import open_store


def networkx_gexf(G: nx.Graph, *, prettyprint: bool = True) -> bytes:
    """Write ``G`` the former way: networkx's GEXF 1.3 tree, fixed for the schema."""
    H = G.copy()
    for _, d in H.nodes(data=True):
        viz: dict[str, Any] = {}
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", str(d.get("color", ""))):
            value = int(d.pop("color").lstrip("#"), 16)
            viz["color"] = {"r": value >> 16, "g": (value >> 8) & 0xFF, "b": value & 0xFF}
        if isinstance(d.get("size"), int | float):
            viz["size"] = d.pop("size")
        if viz:
            d["viz"] = viz
    for *_, d in H.edges(data=True):
        dates = str(d.get("date", "")).split(SEP)
        if "start" in d and len(dates) > 1:
            spells = _intervals(dates)
            if len(spells) > 1:
                d.pop("start")
                d.pop("end", None)
                d["spells"] = spells
    writer = GEXFWriter(encoding="utf-8", prettyprint=False, version="1.3")
    writer.add_graph(H)
    root = writer.xml
    for name in ("xsi:schemaLocation", "xmlns:xsi"):
        root.attrib.pop(name, None)
    graph = root.find("graph")
    assert graph is not None
    name = graph.attrib.pop("name", "")
    if name:
        meta = root.find("meta")
        assert meta is not None
        ET.SubElement(meta, "description").text = str(name)
    for edge in graph.iter("edge"):
        if edge.get("label"):
            edge.set("kind", edge.get("label", ""))
    for attribute in graph.iter("attribute"):
        if attribute.get("type") == "long":
            attribute.set("type", "integer")
    if prettyprint:
        ET.indent(root)
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def streamed(G: nx.Graph, *, prettyprint: bool = True) -> bytes:
    out = io.BytesIO()
    write_gexf(G, out, prettyprint=prettyprint)
    return out.getvalue()


def rich_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name='A & B <"graph">')
    G.add_node(
        "p",
        label='Anna "Berg" & <co>',
        type="Person",
        color="#D55E00",
        size=9.5,
        start="2020-11-01",
    )
    G.add_node("q", label="tab\there\nand line", type="Claim", color="not a colour", size="big")
    G.add_node("r")  # no attribute at all
    G.add_node("s", label="only an int", degree=3, support=2, flag=True, score=-math.inf)
    G.add_node("t", label="nan", weight=math.nan, big=math.inf, color="#00ff7F", size=4)
    G.add_edge(
        "p",
        "q",
        label="said",
        relation="said",
        date="2020-11; 2020-12-03",
        start="2020-11-01",
        end="2020-12-03",
    )
    G.add_edge("p", "q", label="said", relation="said", confidence=0.92, planned=False)
    G.add_edge("q", "p", relation="relayedBy")  # no label: no kind
    G.add_edge("s", "t", id="7", label="x", facts=2)
    G.add_edge(
        "t", "s", label="y", date="2020-01-01; 2020-01-01", start="2020-01-01", end="2020-01-01"
    )
    G.add_edge("r", "r")
    return G


@pytest.mark.parametrize("prettyprint", [True, False])
@pytest.mark.parametrize(
    "graph",
    [
        rich_graph,
        lambda: nx.MultiDiGraph(),
        lambda: nx.MultiDiGraph([("a", "b")]),
        lambda: nx.DiGraph([("a", "b", {"label": "l", "start": 1.5, "end": 2.5})]),
        lambda: nx.Graph([("a", "b", {"w": 1})]),
    ],
    ids=["rich", "empty", "bare", "digraph", "undirected"],
)
def test_the_stream_is_what_networkx_wrote(graph: Any, prettyprint: bool) -> None:
    G = graph()
    assert streamed(G, prettyprint=prettyprint) == networkx_gexf(G, prettyprint=prettyprint)
    assert "\n".join(generate_gexf(G)).encode() in streamed(G)


def test_the_seeds_export_is_what_networkx_wrote(seed_store: Path) -> None:
    G = build_graph(open_store(seed_store, read_only=True))
    assert G.number_of_edges() > 50
    assert streamed(G) == networkx_gexf(G)


def test_a_value_gexf_cannot_hold_is_refused() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", things=["x"])
    with pytest.raises(Exception, match="cannot hold a list"):
        streamed(G)
