"""The seeds seen as a user sees them: in Gephi (GEXF), in NetworkX, and drawn (SVG, PNG).

The seeds are ingested with the real pipeline into a real store; the GEXF is
checked against the GEXF 1.3 RELAX NG schema and read by graphology-gexf (the
reader of Gephi Lite) under node, pinned in tests/js/package-lock.json.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from kg.api import NewsKG
from kg.cli import main
from kg.draw import draw
from kg.errors import ConfigError
from kg.export import NODE_COLORS, write_gexf

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "tests" / "js"
PYTHON_API = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
NS = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
COUNTS = {"sources", "independent_sources", "facts", "degree", "support"}


@pytest.fixture(scope="module")
def seed_graph(seed_store: Path) -> nx.MultiDiGraph:
    with NewsKG(seed_store, read_only=True) as kg:
        return kg.to_networkx()


@pytest.fixture(scope="module")
def seed_gexf(seed_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gexf") / "seeds.gexf"
    write_gexf(seed_graph, path)
    return path


def _rgb(hex_color: str) -> tuple[int, int, int]:
    v = int(hex_color.lstrip("#"), 16)
    return v >> 16, (v >> 8) & 0xFF, v & 0xFF


def _times(el: etree._Element) -> list[tuple[str, str | None]]:
    spells = el.findall("g:spells/g:spell", NS)
    if spells:
        return [(s.get("start"), s.get("end")) for s in spells]
    return [(el.get("start"), el.get("end"))] if el.get("start") else []


def test_seeds_gexf_is_valid_coloured_sized_and_dynamic(seed_gexf: Path, shared: Path) -> None:
    schema = etree.RelaxNG(etree.parse(str(shared / "specs" / "gexf-1.3" / "gexf.rng")))
    doc = etree.parse(str(seed_gexf)).getroot()
    assert schema.validate(doc), schema.error_log
    graph = doc.find("g:graph", NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")

    types = {a.get("title"): a.get("type") for a in graph.iterfind("g:attributes/g:attribute", NS)}
    assert {t: types[t] for t in COUNTS} == dict.fromkeys(COUNTS, "integer")
    type_id = next(
        a.get("id")
        for a in graph.iterfind("g:attributes[@class='node']/g:attribute", NS)
        if a.get("title") == "type"
    )

    nodes = graph.findall("g:nodes/g:node", NS)
    assert len(nodes) == 49
    start_of = {}
    for node in nodes:
        kind = node.find(f"g:attvalues/g:attvalue[@for='{type_id}']", NS).get("value")
        color = node.find("viz:color", NS)
        assert (int(color.get("r")), int(color.get("g")), int(color.get("b"))) == _rgb(
            NODE_COLORS[kind]
        ), node.get("label")
        assert float(node.find("viz:size", NS).get("value")) > 0
        start_of[node.get("id")] = date.fromisoformat(node.get("start"))
    assert len({c for c in NODE_COLORS.values()}) == len(NODE_COLORS)

    fact_id = next(
        a.get("id")
        for a in graph.iterfind("g:attributes[@class='edge']/g:attribute", NS)
        if a.get("title") == "fact"
    )
    fact_edges = [
        e
        for e in graph.iterfind("g:edges/g:edge", NS)
        if e.find(f"g:attvalues/g:attvalue[@for='{fact_id}']", NS) is not None
    ]
    assert len(fact_edges) == 59
    for edge in fact_edges:
        times = _times(edge)
        assert times, edge.get("label")
        for start, end in times:
            first, last = date.fromisoformat(start), date.fromisoformat(str(end))
            assert first <= last
            # an edge lives while both its nodes do: nodes start at their first mention
            assert first >= start_of[edge.get("source")]
            assert first >= start_of[edge.get("target")]


def test_support_counts_a_copy_once(seed_graph: nx.MultiDiGraph) -> None:
    """Five seed articles, 001 a copy of 000 (see test_cookbook): at most four independent ones."""
    support = {d["label"]: d.get("support") for _, d in seed_graph.nodes(data=True)}
    assert max(v for v in support.values() if v is not None) == 4
    articles = [d for _, d in seed_graph.nodes(data=True) if d["type"] == "Article"]
    assert len(articles) == 5 and not any("support" in d for d in articles)
    assert all(
        isinstance(d.get("support"), int)
        for u, d in seed_graph.nodes(data=True)
        if any("fact" in e for *_, e in seed_graph.edges(u, data=True))
    )


def test_a_fact_with_several_dates_gets_one_spell_per_date(tmp_path: Path, shared: Path) -> None:
    G = nx.MultiDiGraph(name="NewsKG")
    G.add_node("a", label="a", type="Agreement", color=NODE_COLORS["Agreement"], start="2020-11-09")
    G.add_node("s", label="s", type="State", color=NODE_COLORS["State"], start="2020-11-09")
    G.add_edge(
        "a",
        "s",
        relation="party",
        fact="f",
        date="2020-11-09; 2021-01",
        start="2020-11-09",
        end="2021-01-31",
    )
    G.add_edge(
        "a",
        "s",
        relation="broker",
        fact="g",
        date="2020-11-09",
        start="2020-11-09",
        end="2020-11-09",
    )
    write_gexf(G, tmp_path / "g.gexf")
    doc = etree.parse(str(tmp_path / "g.gexf")).getroot()
    schema = etree.RelaxNG(etree.parse(str(shared / "specs" / "gexf-1.3" / "gexf.rng")))
    assert schema.validate(doc), schema.error_log
    party, broker = doc.findall("g:graph/g:edges/g:edge", NS)
    assert party.get("start") is None
    assert _times(party) == [("2020-11-09", "2020-11-09"), ("2021-01-01", "2021-01-31")]
    assert _times(broker) == [("2020-11-09", "2020-11-09")]
    # the graph itself keeps the span: writing does not change it
    assert G.edges["a", "s", 0]["start"] == "2020-11-09"


def test_graphology_gexf_reads_counts_colours_and_dates(
    seed_graph: nx.MultiDiGraph, seed_gexf: Path
) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the graphology-gexf check needs Node.js")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("graphology-gexf is not installed: run `make setup-test` (npm ci in tests/js)")
    done = subprocess.run(
        [node, str(JS / "read_gexf.js"), str(seed_gexf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    read: dict[str, Any] = json.loads(done.stdout)
    # 110 edges before copy links got their own term (nk:repeatedIn): a claim read in one
    # copy no longer has a derivedFrom edge to the other copy, whose own claims have theirs
    assert (read["order"], read["size"]) == (49, 100)
    assert (read["order"], read["size"]) == (
        seed_graph.number_of_nodes(),
        seed_graph.number_of_edges(),
    )
    assert (read["mode"], read["timeformat"]) == ("dynamic", "date")
    for iri, d in seed_graph.nodes(data=True):
        got = read["nodes"][iri]
        r, g, b = _rgb(NODE_COLORS[d["type"]])
        assert re.fullmatch(rf"rgba?\({r},{g},{b}(,1(\.0)?)?\)", got["color"]), (iri, got["color"])
        assert got["size"] == pytest.approx(d["size"])
        assert got["degree"] == d["degree"] and isinstance(got["degree"], int)
        assert read["times"]["nodes"][iri] == [[d["start"], None]]
    by_fact: dict[tuple[str, str, str], list[list[str]]] = {}
    for e in read["edges"]:
        if e.get("fact"):
            assert isinstance(e["sources"], int)
            by_fact[e["source"], e["target"], e["fact"]] = read["times"]["edges"][e["id"]]
    expected = {
        (u, v, d["fact"]): [[d["start"], d["end"]]]
        for u, v, d in seed_graph.edges(data=True)
        if "fact" in d
    }
    assert by_fact == expected


def test_to_networkx_is_the_graph_the_exports_write(
    seed_store: Path, seed_graph: nx.MultiDiGraph
) -> None:
    buf = io.BytesIO()
    with NewsKG(seed_store, read_only=True) as kg:
        kg.export("json", buf)
        bare = kg.to_networkx(include_articles=False)
    written = nx.node_link_graph(json.loads(buf.getvalue()), edges="edges")
    assert dict(written.nodes(data=True)) == dict(seed_graph.nodes(data=True))

    def edge_set(G: nx.MultiDiGraph) -> list[str]:
        return sorted(json.dumps([u, v, d], sort_keys=True) for u, v, d in G.edges(data=True))

    assert edge_set(written) == edge_set(seed_graph)
    assert "Article" not in {d["type"] for _, d in bare.nodes(data=True)}
    assert bare.number_of_nodes() == seed_graph.number_of_nodes() - 5


def _readme_example() -> tuple[str, str]:
    section = PYTHON_API.split("## The graph in Python", 1)[1].split("\n## ", 1)[0]
    match = re.search(
        r"```python\n(.*?)```\n\n(?:<!--.*?-->\n)?```text\n(.*?)```", section, re.DOTALL
    )
    assert match, "docs/python-api.md has no python example with its output"
    return match[1], match[2]


def test_readme_community_detection_prints_what_it_shows(seed_store: Path) -> None:
    code, shown = _readme_example()
    assert "community" in code and "newskg-data" in code
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(code.replace("newskg-data", str(seed_store)), "python-api.md", "exec"), {})
    assert out.getvalue() == shown


# ---------------------------------------------------------------- drawings


def test_svg_of_an_entity_has_its_labels_and_colours(
    seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lavrov.svg"
    code = main(
        [
            "export",
            "--store",
            str(seed_store),
            "--format",
            "svg",
            "--entity",
            "sergey lavrov",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    # what the README shows
    assert capsys.readouterr().out == f"wrote {out} (svg: 5 nodes, 4 edges)\n"
    svg = etree.parse(str(out)).getroot()
    assert etree.QName(svg).localname == "svg"
    texts = {"".join(t.itertext()).strip() for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "Sergey Lavrov" in texts
    assert {"Person", "Claim"} <= texts  # the legend
    assert "said" in texts  # edge labels
    assert not {"Maria Zakharova", "Armenia"} & texts  # only the neighbourhood
    # the node discs (one path collection), not only the legend, have the GEXF's colours
    (discs,) = [
        g
        for g in svg.iter("{http://www.w3.org/2000/svg}g")
        if g.get("id", "").startswith("PathCollection")
    ]
    fills = {
        f.upper()
        for f in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", etree.tostring(discs, encoding="unicode"))
    }
    assert fills == {NODE_COLORS["Person"], NODE_COLORS["Claim"]}


def test_png_of_the_whole_small_graph(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeds.png"
    assert main(["export", "--store", str(seed_store), "--format", "png", "-o", str(out)]) == 0
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert width >= 1000 and height >= 700


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_two_drawings_of_the_seeds_are_byte_identical(
    seed_store: Path, tmp_path: Path, fmt: str
) -> None:
    """A drawing carries no timestamp, random id or hash-order layout, so
    docs/img/seeds-export.svg only changes when the graph or the drawing code does.
    Two processes with different string hash seeds, as two runs of a user's."""
    newskg = str(Path(sys.executable).with_name("newskg"))
    outs = [tmp_path / f"seeds-{seed}.{fmt}" for seed in ("1", "2")]
    for out in outs:
        env = {**os.environ, "PYTHONHASHSEED": out.stem.split("-")[1]}
        command = [newskg, "export", "--store", str(seed_store), "--format", fmt, "-o", str(out)]
        subprocess.run(command, env=env, check=True, capture_output=True)
    first, second = (o.read_bytes() for o in outs)
    assert first == second
    if fmt == "svg":
        assert b"<dc:date>" not in first and b"<path" in first


def test_a_huge_whole_graph_is_refused_with_a_way_out(seed_graph: nx.MultiDiGraph) -> None:
    buf = io.BytesIO()
    with pytest.raises(ConfigError, match=r"49 nodes, more than the 20.*--entity"):
        draw(seed_graph, buf, "svg", max_nodes=20)
    assert buf.getvalue() == b""
    drawn = draw(seed_graph, buf, "svg", entity="Armenia", max_nodes=20)
    assert drawn.number_of_nodes() <= 20 and buf.getvalue().startswith(b"<?xml")


def test_an_unknown_entity_is_named_in_the_error(
    seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    code = main(
        [
            "export",
            "--store",
            str(seed_store),
            "--format",
            "svg",
            "--entity",
            "Atlantis",
            "-o",
            str(out),
        ]
    )
    assert code != 0
    assert "'Atlantis'" in capsys.readouterr().err
    assert not out.exists()
    code = main(
        [
            "export",
            "--store",
            str(seed_store),
            "--format",
            "gexf",
            "--entity",
            "Armenia",
            "-o",
            str(out),
        ]
    )
    assert code != 0
    assert "--entity goes with --format svg or png" in capsys.readouterr().err
