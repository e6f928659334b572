// The playground: Pyodide and two wheels, all loaded from this page's own folder.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
const $ = (id) => document.getElementById(id);
const status = $("status");

// Each panel: its input, its output, its error box and the glue function it calls.
const panels = {
  query: { input: "query", output: "query-json", error: "query-error", call: "compile_query" },
  json: { input: "json", output: "json-text", error: "json-error", call: "decompile_queries" },
  permissions: {
    input: "permissions", output: "permission-strings-out", error: "permissions-error",
    call: "compile_permissions",
  },
  "permission-strings": {
    input: "permission-strings", output: "permissions-text", error: "permission-strings-error",
    call: "decompile_permissions",
  },
};

let glue = null;

function show(panel, answer) {
  const out = $(panel.output);
  const error = $(panel.error);
  if (answer.ok) {
    out.textContent = answer.lines ? answer.lines.join("\n") : answer.text;
    error.hidden = true;
    error.textContent = "";
    delete error.dataset.line;
    delete error.dataset.column;
  } else {
    out.textContent = "";
    error.hidden = false;
    error.textContent = answer.error.rendered;
    if (answer.error.line != null) {
      error.dataset.line = answer.error.line;
      error.dataset.column = answer.error.column;
    }
  }
}

function showVerdict(answer) {
  const verdict = $("verdict");
  const diagnostics = $("diagnostics");
  if (!answer.ok || !answer.verdict) {
    verdict.textContent = "";
    diagnostics.textContent = "";
    delete verdict.dataset.valid;
    return;
  }
  const v = answer.verdict;
  verdict.dataset.valid = String(v.valid);
  verdict.textContent = v.valid ? "Server: valid (200)" : `Server: ${v.status} ${v.type}\n${v.message}`;
  diagnostics.textContent = answer.diagnostics.length ? answer.diagnostics.join("\n") : "No diagnostics.";
}

function run(name) {
  if (glue === null) return;
  const panel = panels[name];
  const text = $(panel.input).value;
  const args = name === "query" ? [text, $("schema").value] : [text];
  const answer = JSON.parse(glue.get(panel.call)(...args));
  show(panel, answer);
  if (name === "query") {
    showVerdict(answer);
    const link = "#q=" + encodeURIComponent(text);
    $("share").href = link;
    if (location.hash !== link) history.replaceState(null, "", link);
  }
}

function fromHash() {
  const match = /^#q=(.*)$/s.exec(location.hash);
  if (match === null) return;
  let text;
  try {
    text = decodeURIComponent(match[1]);
  } catch {
    return;
  }
  if ($("query").value !== text) {
    $("query").value = text;
    run("query");
  }
}

function pick() {
  const option = $("examples").selectedOptions[0];
  const name = option && option.dataset.panel;
  if (!name) return;
  if (option.dataset.schema) {
    $("schema").value = $("example-collection").textContent.trim();
    $("schema-panel").open = true;
  }
  $(panels[name].input).value = option.value;
  run(name);
  $(panels[name].input).focus();
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function start() {
  const started = performance.now();
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", here).href });
  const wheels = await (await fetch(new URL("wheels.json", here))).json();
  for (const name of wheels) {
    pyodide.unpackArchive(await fetchBytes(new URL(`wheels/${name}`, here)), "wheel");
  }
  const namespace = pyodide.globals.get("dict")();
  const source = await (await fetch(new URL("glue.py", here))).text();
  pyodide.runPython(source, { globals: namespace });
  glue = namespace;
  for (const name of Object.keys(panels)) {
    $(panels[name].input).addEventListener("input", () => run(name));
  }
  $("schema").addEventListener("input", () => run("query"));
  $("examples").addEventListener("change", pick);
  $("example-schema").addEventListener("click", () => {
    $("schema").value = $("example-collection").textContent.trim();
    run("query");
  });
  window.addEventListener("hashchange", fromHash);
  if (!location.hash.startsWith("#q=")) {
    $("query").value = 'name = "John" and age between 18..30 order by age desc limit 10';
  }
  fromHash();
  for (const name of Object.keys(panels)) run(name);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  status.textContent = `Ready: querykit runs in this page (loaded in ${seconds} s).`;
  status.dataset.ready = "true";
}

start().catch((error) => {
  status.textContent = `The playground could not start: ${error}`;
  status.dataset.ready = "false";
  console.error(error);
});
