// The query page: send the query to the endpoint, show the answer as a table.
// Progressive enhancement: without this script the form posts the textarea to
// the page itself, which answers with a table, and the example picker reloads
// the page (/?example=ID). With it, queries run on /sparql in place and the
// textarea becomes a CodeMirror editor with SPARQL highlighting when the vendored
// bundle (vendor/codemirror-sparql.js, global NewsKGEditor) loaded, and stays a
// textarea when it did not.
"use strict";

// Namespace IRI -> "prefix:", from the prefixes the endpoint predefines.
const PREFIXES = Object.fromEntries(
  Object.entries(JSON.parse(document.getElementById("prefixes").textContent))
    .map(([prefix, ns]) => [ns, prefix + ":"]),
);

const form = document.getElementById("query-form");
const textarea = document.getElementById("query");
const button = document.getElementById("run");
const statusLine = document.getElementById("status");
const errorBox = document.getElementById("error");
const results = document.getElementById("results");
const picker = document.getElementById("example");
const pickerForm = document.getElementById("example-form");
const description = document.getElementById("example-description");
const { default: DEFAULT_QUERY, examples: EXAMPLES } = JSON.parse(
  document.getElementById("examples-data").textContent,
);

// The editor, or the textarea itself: both have .value and .focus().
let editor = textarea;
if (window.NewsKGEditor) {
  try {
    editor = window.NewsKGEditor.create(textarea, { onRun: () => run() });
  } catch (err) {
    console.warn("the SPARQL editor could not start; using the plain textarea", err);
    textarea.hidden = false;
    editor = textarea;
  }
}

function shorten(iri) {
  for (const [ns, prefix] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  }
  return iri;
}

// An article or entity IRI NewsKG minted links to its explorer page.
const LINKS = JSON.parse(document.getElementById("links").textContent);

function pageLink(iri) {
  if (!iri.startsWith(LINKS.base)) return "";
  const segment = iri.slice(LINKS.base.length).split("/")[0];
  const page = segment === "article" ? LINKS.article
    : LINKS.entities.includes(segment) ? LINKS.entity : "";
  return page ? page + "?" + new URLSearchParams({ iri }) : "";
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    td.title = term.value;
    const href = pageLink(term.value);
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = shorten(term.value);
      td.appendChild(a);
    } else {
      td.textContent = shorten(term.value);
    }
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    const tag = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shorten(term.datatype) : "";
    if (tag && term.datatype !== "http://www.w3.org/2001/XMLSchema#string") {
      const span = document.createElement("span");
      span.className = term["xml:lang"] ? "lang" : "datatype";
      span.textContent = tag;
      td.appendChild(span);
    }
  }
  return td;
}

function renderTable(data) {
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = "?" + name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of vars) tr.appendChild(cell(row[name]));
  }
  results.replaceChildren(table);
  return rows.length === 1 ? "1 row" : rows.length + " rows";
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  results.replaceChildren();
}

async function run() {
  button.disabled = true;
  errorBox.hidden = true;
  statusLine.textContent = "Running…";
  const started = performance.now();
  try {
    const response = await fetch(form.dataset.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: editor.value }),
    });
    const text = await response.text();
    if (!response.ok) {
      showError("Error " + response.status + ": " + text);
      statusLine.textContent = "";
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    let summary;
    if (type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        const p = document.createElement("p");
        p.className = "boolean";
        p.textContent = data.boolean ? "Yes (true)" : "No (false)";
        results.replaceChildren(p);
        summary = "ASK answered";
      } else {
        summary = renderTable(data);
      }
    } else {
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = text;
      results.replaceChildren(pre);
      summary = "graph (" + type.split(";")[0] + ")";
    }
    statusLine.textContent = summary + " in " + Math.round(performance.now() - started) + " ms";
  } catch (err) {
    showError("Cannot reach the endpoint: " + err.message);
    statusLine.textContent = "";
  } finally {
    button.disabled = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
textarea.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});

// Picking an example puts its query in the editor at once (no reload) and
// keeps the address shareable (/?example=ID).
function loadExample(id) {
  const example = EXAMPLES.find((e) => e.id === id);
  editor.value = example ? example.query : DEFAULT_QUERY;
  description.textContent = example ? example.description : "";
  const url = new URL(window.location.href);
  if (id) url.searchParams.set("example", id); else url.searchParams.delete("example");
  window.history.replaceState(null, "", url);
  errorBox.hidden = true;
  results.replaceChildren();
  statusLine.textContent = example ? "Loaded “" + example.title + "”: Run to see its answer" : "";
}
picker.addEventListener("change", () => loadExample(picker.value));
pickerForm.addEventListener("submit", (event) => {
  event.preventDefault();
  loadExample(picker.value);
  editor.focus();
});
