"""Draw the graph, or one entity's neighbourhood, as SVG or PNG without Gephi.

The picture is the graph :func:`kg.export.build_graph` returns (the one the
GEXF holds), laid out by NetworkX's spring layout with a fixed seed, so the same
store gives the same picture, and drawn by matplotlib's Agg renderer (no display
needed). Nodes have the GEXF's colours (:data:`kg.export.NODE_COLORS`) and
sizes; a legend names the types; edges are labelled with their relation when
there are few enough to read.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", label="Ilham Aliyev", type="Person")
>>> find_node(G, "ilham aliyev")
'p'
"""

from __future__ import annotations

import logging
import os
from typing import IO, TYPE_CHECKING

import networkx as nx

from kg.errors import ConfigError, KGError
from kg.export import NODE_COLORS, SEP

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

#: Formats :func:`draw` writes.
FORMATS = ("svg", "png")

#: The largest graph drawn whole; a larger one is refused (draw an entity's neighbourhood).
MAX_NODES = 150

#: Edge labels are drawn only up to this many edges; beyond, they hide the picture.
MAX_EDGE_LABELS = 60

#: Node labels are cut to this many characters (claims are whole sentences).
LABEL_CHARS = 32

#: Seed of the spring layout, so that a store always gives the same picture.
LAYOUT_SEED = 7


def find_node(G: nx.Graph, entity: str) -> str:
    """Return the node ``entity`` names: its IRI, else its label or one of its other names.

    Names are compared without regard to case; a label beats an alternative name.

    Raises:
        ConfigError: No node has that IRI or name, or several have the same name.
    """
    if entity in G:
        return entity
    wanted = entity.casefold().strip()
    for key in ("label", "alt_labels"):
        found = sorted(
            n
            for n, d in G.nodes(data=True)
            if wanted in {v.casefold().strip() for v in str(d.get(key, "")).split(SEP)}
        )
        if len(found) == 1:
            return found[0]
        if found:
            raise ConfigError(
                f"{entity!r} names {len(found)} nodes: {', '.join(found[:5])}; give one IRI"
            )
    raise ConfigError(
        f"no node has the IRI or name {entity!r}: look names up with "
        "`newskg query 'SELECT ?e ?name WHERE { ?e rdfs:label ?name }'`"
    )


def neighbourhood(G: nx.MultiDiGraph, node: str, *, max_nodes: int = MAX_NODES) -> nx.MultiDiGraph:
    """Return the subgraph of ``node`` and its neighbours (both directions).

    When there are more than ``max_nodes``, the best-connected neighbours are kept.
    """
    around = set(G.predecessors(node)) | set(G.successors(node))
    if len(around) + 1 > max_nodes:
        kept = sorted(around, key=lambda n: (-G.degree(n), n))[: max_nodes - 1]
        log.info(
            "%s has %d neighbours; drawing the %d best connected", node, len(around), len(kept)
        )
        around = set(kept)
    sub: nx.MultiDiGraph = G.subgraph(around | {node}).copy()
    return sub


def draw(
    G: nx.MultiDiGraph,
    out: str | os.PathLike[str] | IO[bytes],
    fmt: str = "svg",
    *,
    entity: str | None = None,
    max_nodes: int = MAX_NODES,
) -> nx.MultiDiGraph:
    """Draw ``G``, or the neighbourhood of ``entity`` in it, to ``out`` as SVG or PNG.

    Args:
        G: The graph, as :func:`kg.export.build_graph` returns it.
        out: A path or a binary file open for writing.
        fmt: ``svg`` or ``png``.
        entity: An IRI or name (see :func:`find_node`); None draws the whole graph.
        max_nodes: The largest graph drawn whole.

    Returns:
        The graph that was drawn.

    Raises:
        ConfigError: Unknown format or entity, or the whole graph is too large to read.
        KGError: ``out`` cannot be written.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown drawing format {fmt!r}: use one of {', '.join(FORMATS)}")
    if entity is not None:
        center: str | None = find_node(G, entity)
        H = neighbourhood(G, str(center), max_nodes=max_nodes)
    else:
        center = None
        H = G
        if H.number_of_nodes() > max_nodes:
            raise ConfigError(
                f"the graph has {H.number_of_nodes()} nodes, more than the {max_nodes} a "
                "drawing can show readably: draw one entity's neighbourhood with --entity, "
                "or open the GEXF export in Gephi"
            )
    if H.number_of_nodes() == 0:
        raise ConfigError("the graph is empty: ingest articles first")

    import matplotlib

    figure = _figure(H, center)
    try:
        # labels stay text in the SVG (searchable, selectable) rather than glyph outlines;
        # a fixed hash salt, no date and no software version make the same graph give the
        # same bytes, so a committed drawing only changes when the graph or this code does
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newskg"}):
            figure.savefig(out, format=fmt, dpi=150 if fmt == "png" else 100, metadata=metadata)
    except OSError as e:
        raise KGError(f"cannot write the {fmt} drawing to {out}: {e}") from e
    return H


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Lay out each connected component with a seeded spring layout and pack them in rows.

    One spring layout of a disconnected graph pushes the components to the rim and
    crowds each into a corner; packing keeps every component readable.
    """
    components = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c))
    per_row = max(1, round(len(components) ** 0.5))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for i, nodes in enumerate(components):
        radius = max(len(nodes), 1) ** 0.5
        # a subgraph view lists its nodes in set order, which changes with the string
        # hash seed of each process: the layout's start positions follow node order
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in G.subgraph(nodes).edges()))
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            raw = nx.spring_layout(sub, seed=LAYOUT_SEED, k=1.5 / len(nodes) ** 0.5, iterations=200)
            local = {n: (float(p[0]) * radius, float(p[1]) * radius) for n, p in raw.items()}
        if i and i % per_row == 0:
            x, y, row_height = 0.0, y - row_height - 1.0, 0.0
        for n, (px, py) in local.items():
            pos[n] = (x + radius + px, y - radius + py)
        x += 2 * radius + 1.0
        row_height = max(row_height, 2 * radius)
    return pos


def _figure(H: nx.MultiDiGraph, center: str | None) -> Figure:
    """Lay out and draw ``H`` on a new matplotlib figure (Agg canvas, no pyplot state)."""
    # Figure + FigureCanvasAgg, not pyplot: no global state, no display backend.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    n = H.number_of_nodes()
    side = min(8 + n / 6, 24)
    figure = Figure(figsize=(side, side * 0.75), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.margins(0.12)  # room for the labels of the outermost nodes

    simple = nx.Graph(H)
    pos = _layout(simple)
    nodes = sorted(H)
    colors = [
        str(H.nodes[v].get("color", NODE_COLORS.get(H.nodes[v].get("type", ""), "#000000")))
        for v in nodes
    ]
    sizes = [float(H.nodes[v].get("size", 10.0)) ** 2 * 2.5 for v in nodes]
    nx.draw_networkx_edges(
        H,
        pos,
        ax=ax,
        edge_color="#777777",
        width=0.8,
        arrows=True,
        arrowsize=8,
        node_size=sizes,
        nodelist=nodes,
    )
    nx.draw_networkx_nodes(
        H,
        pos,
        ax=ax,
        nodelist=nodes,
        node_color=colors,
        node_size=sizes,
        edgecolors="#333333",
        linewidths=0.5,
    )
    labels = {v: _short(str(H.nodes[v].get("label", v))) for v in nodes}
    nx.draw_networkx_labels(H, pos, labels=labels, ax=ax, font_size=8)
    if center is not None:
        ax.set_title(str(H.nodes[center].get("label", center)), fontsize=12)
    if H.number_of_edges() <= MAX_EDGE_LABELS:
        relations: dict[tuple[str, str], set[str]] = {}
        for u, v, d in H.edges(data=True):
            relations.setdefault((u, v), set()).add(str(d.get("relation", "")))
        nx.draw_networkx_edge_labels(
            simple,
            pos,
            edge_labels={uv: ", ".join(sorted(r)) for uv, r in relations.items()},
            ax=ax,
            font_size=6,
            font_color="#555555",
            rotate=False,
        )
    types = sorted({str(H.nodes[v].get("type", "Entity")) for v in nodes})
    handles = [
        Patch(facecolor=NODE_COLORS.get(t, "#000000"), edgecolor="#333333", label=t) for t in types
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    return figure
