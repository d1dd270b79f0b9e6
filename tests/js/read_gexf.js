// Read a GEXF file as Gephi Lite does (graphology-gexf) and print what it read as JSON.
// graphology-gexf keeps attributes and viz but not the dynamic times, so those are read
// from the same document with @xmldom/xmldom, the XML parser graphology-gexf uses.
"use strict";
const fs = require("fs");
const { MultiDirectedGraph } = require("graphology");
const gexf = require("graphology-gexf");
const { DOMParser } = require("@xmldom/xmldom");

const text = fs.readFileSync(process.argv[2], "utf-8");
const graph = gexf.parse(MultiDirectedGraph, text);
const nodes = {};
graph.forEachNode((id, a) => {
  nodes[id] = { color: a.color, size: a.size, degree: a.degree, type: a.type, label: a.label };
});
const edges = [];
graph.forEachEdge((id, a, source, target) => {
  edges.push({ id, source, target, relation: a.relation, fact: a.fact, sources: a.sources });
});

const doc = new DOMParser().parseFromString(text, "application/xml");
const g = doc.getElementsByTagName("graph")[0];
const times = { nodes: {}, edges: {} };
const spans = (el) => {
  const spells = Array.from(el.getElementsByTagName("spell")).map((s) => [
    s.getAttribute("start"),
    s.getAttribute("end"),
  ]);
  if (spells.length) return spells;
  return el.hasAttribute("start") ? [[el.getAttribute("start"), el.getAttribute("end") || null]] : [];
};
for (const el of Array.from(doc.getElementsByTagName("node"))) times.nodes[el.getAttribute("id")] = spans(el);
for (const el of Array.from(doc.getElementsByTagName("edge"))) times.edges[el.getAttribute("id")] = spans(el);

process.stdout.write(
  JSON.stringify({
    order: graph.order,
    size: graph.size,
    mode: g.getAttribute("mode"),
    timeformat: g.getAttribute("timeformat"),
    nodes,
    edges,
    times,
  })
);
