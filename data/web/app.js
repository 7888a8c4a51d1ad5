// The xkg query page: POSTs the query to the endpoint and shows the answer.
// Everything that comes from the server is put in the page with textContent, never as HTML.
"use strict";

const ENDPOINT = new URL("query", window.location.href).href;
const PREFIXES = [
  ["xk", "https://w3id.org/xkg/ontology#"], ["xki", "https://w3id.org/xkg/id/"],
  ["rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs", "http://www.w3.org/2000/01/rdf-schema#"],
  ["owl", "http://www.w3.org/2002/07/owl#"], ["xsd", "http://www.w3.org/2001/XMLSchema#"],
  ["skos", "http://www.w3.org/2004/02/skos/core#"], ["prov", "http://www.w3.org/ns/prov#"],
  ["dcterms", "http://purl.org/dc/terms/"], ["org", "http://www.w3.org/ns/org#"],
  ["schema", "https://schema.org/"], ["qb", "http://purl.org/linked-data/cube#"],
].sort((a, b) => b[1].length - a[1].length);

const $ = (id) => document.getElementById(id);

function shorten(iri) {
  for (const [p, ns] of PREFIXES) {
    if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
  }
  return "<" + iri + ">";
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function setStatus(text, warn) {
  $("status").textContent = text;
  $("status").className = warn ? "warn" : "";
}

function showError(text) {
  $("error").hidden = false;
  $("error").textContent = text;
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    td.textContent = shorten(term.value);
    td.title = term.value;
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    const dt = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shorten(term.datatype) : "";
    if (dt && !dt.endsWith("#string")) td.appendChild(el("span", dt, "dt"));
  }
  return td;
}

function renderSolutions(data) {
  const out = $("results");
  if ("boolean" in data) {
    out.appendChild(el("p", "ASK: " + String(data.boolean)));
    return 1;
  }
  const vars = data.head.vars || [];
  const rows = data.results.bindings || [];
  const table = el("table");
  const head = el("tr");
  head.appendChild(el("th", "#"));
  for (const v of vars) head.appendChild(el("th", v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  rows.forEach((row, i) => {
    const tr = el("tr");
    tr.appendChild(el("td", String(i + 1), "n"));
    for (const v of vars) tr.appendChild(cell(row[v]));
    body.appendChild(tr);
  });
  table.appendChild(body);
  out.appendChild(table);
  return rows.length;
}

async function send(accept) {
  const body = new URLSearchParams({ query: $("query").value });
  return fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
    body,
  });
}

async function run() {
  $("error").hidden = true;
  $("results").replaceChildren();
  $("run").disabled = true;
  setStatus("running…");
  const t0 = performance.now();
  try {
    const resp = await send("application/sparql-results+json, text/turtle;q=0.9");
    const ms = Math.round(performance.now() - t0);
    if (!resp.ok) {
      setStatus("");
      showError("HTTP " + resp.status + "\n" + (await resp.text()));
      return;
    }
    const type = (resp.headers.get("Content-Type") || "").split(";")[0];
    let n;
    if (type === "text/turtle") {
      const text = await resp.text();
      $("results").appendChild(el("pre", text, "graph"));
      n = Number(resp.headers.get("X-XKG-Rows") || 0);
    } else {
      n = renderSolutions(await resp.json());
    }
    const truncated = resp.headers.get("X-XKG-Truncated") === "true";
    const limit = resp.headers.get("X-XKG-Result-Limit");
    setStatus(n + " result" + (n === 1 ? "" : "s") + " in " + ms + " ms" +
      (truncated ? " — cut at the limit of " + limit + " results" : ""), truncated);
  } catch (e) {
    setStatus("");
    showError(String(e));
  } finally {
    $("run").disabled = false;
  }
}

async function downloadCsv() {
  const resp = await send("text/csv");
  if (!resp.ok) {
    showError("HTTP " + resp.status + "\n" + (await resp.text()));
    return;
  }
  const url = URL.createObjectURL(await resp.blob());
  const a = el("a");
  a.href = url;
  a.download = "results.csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function loadCatalogue() {
  try {
    const [cat, limits] = await Promise.all([
      fetch("catalogue.json").then((r) => r.json()),
      fetch("limits.json").then((r) => r.json()),
    ]);
    $("limits").textContent = "timeout " + limits.timeout + " s · at most " + limits.maxResults + " results";
    const select = $("catalogue");
    for (const q of cat) {
      const opt = el("option", q.name);
      opt.value = q.name;
      select.appendChild(opt);
    }
    select.addEventListener("change", () => {
      const q = cat.find((x) => x.name === select.value);
      $("about").textContent = q ? q.about : "";
      if (q) $("query").value = q.query;
    });
  } catch (e) {
    $("about").textContent = "(catalogue unavailable)";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("endpoint").textContent = ENDPOINT;
  $("run").addEventListener("click", run);
  $("csv").addEventListener("click", downloadCsv);
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  loadCatalogue();
});
