// A small, dependency-free API reference page that renders /v1/openapi.json in the browser.

const SCRIPT = `
(async () => {
  const root = document.getElementById("root");
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };
  let doc;
  try {
    const res = await fetch("openapi.json");
    doc = await res.json();
  } catch (error) {
    root.textContent = "Could not load openapi.json: " + error;
    return;
  }
  document.title = doc.info.title + " reference";
  root.append(el("h1", {}, doc.info.title + " " + doc.info.version));
  root.append(el("p", {}, doc.info.description || ""));
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const nav = el("nav", {});
  root.append(nav);
  for (const [tag, ops] of byTag) {
    const section = el("section", { id: "tag-" + tag });
    section.append(el("h2", {}, tag));
    nav.append(el("a", { href: "#tag-" + tag }, tag), " ");
    for (const { path, method, op } of ops) {
      const details = el("details", { id: op.operationId });
      const summary = el("summary", {});
      summary.append(el("code", { class: "m m-" + method }, method.toUpperCase()), " ", el("code", {}, path), " — ", op.summary || "");
      details.append(summary);
      if (op.description) details.append(el("p", {}, op.description));
      if (op["x-bookwell-roles"]) details.append(el("p", {}, "Roles: " + op["x-bookwell-roles"].join(", ")));
      if (op.parameters && op.parameters.length) {
        const table = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "required"), el("th", {}, "schema")));
        for (const p of op.parameters) {
          table.append(el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, p.required ? "yes" : "no"), el("td", {}, el("code", {}, JSON.stringify(p.schema)))));
        }
        details.append(table);
      }
      if (op.requestBody) {
        details.append(el("h4", {}, "Request body"));
        details.append(el("pre", {}, JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)));
      }
      for (const [status, response] of Object.entries(op.responses)) {
        details.append(el("h4", {}, status + " — " + response.description));
        const content = response.content && (response.content["application/json"] || response.content["application/problem+json"]);
        if (content && content.schema && !content.schema.$ref) details.append(el("pre", {}, JSON.stringify(content.schema, null, 2)));
      }
      section.append(details);
    }
    root.append(section);
  }
})();
`;

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; }
code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f5f5f5; padding: .75rem; overflow: auto; }
details { border-top: 1px solid #ddd; padding: .5rem 0; }
summary { cursor: pointer; }
.m { display: inline-block; min-width: 4rem; font-weight: bold; }
.m-get { color: #0a6; } .m-post { color: #06c; } .m-delete { color: #c30; } .m-patch, .m-put { color: #a60; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }
`;

/**
 * The HTML of the API reference page: it fetches `openapi.json` next to it and renders every
 * operation with its parameters, body and responses. No external scripts or styles.
 *
 * @example
 * app.get("/v1/reference", (c) => c.html(referencePage()));
 */
export function referencePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bookwell API reference</title>
<style>${STYLE}</style>
</head>
<body>
<main id="root"><p>Loading the API description…</p></main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
