// The playground of `baji serve` (docs/service.md): a form generated from the profile's
// JSON Schema as the service serves it, or a profile pasted as JSON or YAML, sent to
// POST /v1/evaluate with Accept: text/html; the decision sheet is shown in a sandboxed
// frame. Plain JavaScript, no build step, nothing loaded from elsewhere. Text from the
// service reaches the page through textContent only, never as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  // Where the service is: "." (relative to the page) unless it runs under a prefix it
  // knows (baji serve --root-path /baji): then the prefix, so that the page works with
  // or without the slash after it.
  const ROOT = document.querySelector('meta[name="baji-root"]').content;
  const state = { schema: null, labels: null, root: null, lang: "zh" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    for (const child of children) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function say(text) { $("status").textContent = text; }

  // A text that follows the language: redrawn in place when the language changes, so
  // that what was typed into the form stays.
  const relabel = [];
  function words(zh, en) { return live(() => state.lang === "zh" ? zh : en); }
  function live(make) {
    const node = document.createTextNode(make());
    relabel.push(() => { node.textContent = make(); });
    return node;
  }

  function headers(extra) {
    const out = Object.assign({}, extra);
    const token = $("token").value.trim();
    if (token) out["Authorization"] = "Bearer " + token;
    out["Accept-Language"] = state.lang === "zh" ? "zh-CN" : "en";
    return out;
  }

  async function problems(response) {
    // A problem document (RFC 9457) as lines: its detail, then each problem.
    let doc = null;
    try { doc = await response.json(); } catch (e) { doc = null; }
    if (!doc) return [response.status + " " + response.statusText];
    const lines = [];
    for (const p of doc.problems || []) {
      const where = p.pointer || p.parameter || "";
      const text = (where ? where + ": " : "") + (p.message || "") + (p.hint ? " (" + p.hint + ")" : "");
      if (text && lines.indexOf(text) < 0) lines.push(text);
    }
    return lines.length ? lines : [doc.detail || doc.title || String(response.status)];
  }

  function showProblems(lines) {
    const list = $("problems");
    list.replaceChildren(...lines.map((line) => el("li", {}, line)));
    list.hidden = lines.length === 0;
  }

  async function getJSON(url, auth) {
    const response = await fetch(url, { headers: auth ? headers({ Accept: "application/json" }) : {} });
    if (!response.ok) throw await problems(response);
    return response.json();
  }

  // -- labels ------------------------------------------------------------------------
  function pick(pair) { return pair ? pair[state.lang === "zh" ? 0 : 1] : null; }

  function labelOf(path, schema) {
    const generic = path.replace(/\[\d+\]/g, "[]");
    const found = pick(state.labels.fields[generic]);
    if (found) return found;
    if (schema && schema.title) return schema.title;
    return generic.split(".").pop();
  }

  // A Chinese name the schema also accepts for a value listed beside it (高级技师 for
  // senior_technician): the option of that value shows it already.
  function isLabelOfAnother(value, values) {
    return values.some((other) => other !== value && state.labels.values[other] &&
                                  state.labels.values[other][0] === value);
  }

  function valueLabel(value) {
    const found = pick(state.labels.values[value]);
    return found ? found + " (" + value + ")" : value;
  }

  // -- the schema ---------------------------------------------------------------------
  function resolve(schema) {
    let s = schema || {};
    while (s.$ref) {
      const name = s.$ref.split("/").pop();
      s = Object.assign({}, state.schema.$defs[name], withoutRef(s));
    }
    if (s.properties && (s.anyOf || s.oneOf)) {
      // An object with its own properties: the branches only narrow it (a certificate
      // number's level character per level), they are not alternatives to choose from.
      s = Object.assign({}, s);
      delete s.anyOf;
      delete s.oneOf;
    }
    if (s.anyOf || s.oneOf) {
      const branches = (s.anyOf || s.oneOf).map(resolve).filter((b) => b.type !== "null");
      const rank = (b) => ["array", "object"].indexOf(b.type) >= 0 ? 0 : b.enum ? 1 : 2;
      branches.sort((a, b) => rank(a) - rank(b));
      const chosen = branches[0] || {};
      return Object.assign({}, chosen, { title: s.title || chosen.title,
                                         description: s.description || chosen.description });
    }
    return s;
  }

  function withoutRef(s) { const out = Object.assign({}, s); delete out.$ref; return out; }

  // Each builder returns { node, read }: read() gives the value, or undefined to leave the
  // field out (an unknown fact stays unknown: never false by default).
  function build(schema, path) {
    const s = resolve(schema);
    if (s.type === "object" || s.properties || s.additionalProperties) return object(s, path);
    if (s.type === "array") return list(s, path);
    return scalar(s, path);
  }

  function scalar(s, path) {
    let input;
    if (s.type === "boolean") {
      input = el("select", { name: path },
        el("option", { value: "" }, words("未知（不填）", "unknown (left out)")),
        el("option", { value: "true" }, words("是", "yes")),
        el("option", { value: "false" }, words("否", "no")));
      return { node: input, read: () => input.value === "" ? undefined : input.value === "true" };
    }
    const section = path.split("[")[0];
    // A vocabulary name (an honour's, award's or title's): typed, with the vocabulary as
    // suggestions, rather than picked from every id, Chinese name and alias the schema lists.
    const suggested = /\]\.id$/.test(path) && state.labels.suggest[section];
    if (s.enum && !suggested) {
      input = el("select", { name: path }, el("option", { value: "" }, "—"),
        ...s.enum.filter((v) => !isLabelOfAnother(v, s.enum))
          .map((v) => el("option", { value: v }, live(() => valueLabel(v)))));
    } else {
      const kind = s.format === "date" ? "date" : "text";
      input = el("input", { name: path, type: kind });
      if (suggested) input.setAttribute("list", "suggest-" + section);
    }
    const number = s.type === "integer" || s.type === "number";
    return { node: input, read: () => {
      const v = input.value.trim();
      if (v === "") return undefined;
      return number && !isNaN(Number(v)) ? Number(v) : v;
    } };
  }

  function object(s, path) {
    const box = path ? el("fieldset", {}, el("legend", {}, live(() => labelOf(path, s)))) : el("div", {});
    const readers = {};
    const props = Object.assign({}, s.properties || {});
    if (!s.properties && s.additionalProperties && path === "attestations") {
      for (const name of state.labels.attestations) props[name] = s.additionalProperties;
    }
    for (const [name, sub] of Object.entries(props)) {
      const child = path ? path + "." + name : name;
      const built = build(sub, child);
      readers[name] = built.read;
      const r = resolve(sub);
      if (r.type === "object" || r.type === "array" || r.properties) box.append(built.node);
      else box.append(el("label", { class: "field" }, el("span", {}, live(() => labelOf(child, r))), built.node));
    }
    return { node: box, read: () => {
      const out = {};
      for (const [name, read] of Object.entries(readers)) {
        const v = read();
        if (v !== undefined) out[name] = v;
      }
      return Object.keys(out).length || !path ? out : undefined;
    } };
  }

  // A list says whether it is known: left out (unknown), none (an empty list: known to
  // hold nothing), or the items given.
  function list(s, path) {
    const known = el("select", { name: path + ".known" },
      el("option", { value: "" }, words("未知（不填）", "unknown (left out)")),
      el("option", { value: "none" }, words("无", "none")),
      el("option", { value: "given" }, words("有（逐项填写）", "given below")));
    const box = el("fieldset", { "data-list": path }, el("legend", {}, live(() => labelOf(path, s))),
                   known);
    const items = el("div", {});
    const readers = [];
    const add = el("button", { type: "button", class: "small", name: path + ".add" },
                   words("＋ 添加", "+ add"));
    add.addEventListener("click", () => {
      known.value = "given";
      const index = readers.length;
      const built = build(s.items || {}, path + "[" + index + "]");
      const entry = { read: built.read };
      readers.push(entry);
      const remove = el("button", { type: "button", class: "small" }, words("删除", "remove"));
      const item = el("div", { class: "item" }, built.node, remove);
      remove.addEventListener("click", () => { entry.read = () => undefined; item.remove(); });
      if (resolve(s.items).type !== "object") {
        item.prepend(el("span", {}, live(() => labelOf(path + "[]", resolve(s.items)) + " ")));
      }
      items.append(item);
    });
    box.append(items, add);
    return { node: box, read: () => {
      if (known.value === "") return undefined;
      if (known.value === "none") return [];
      return readers.map((e) => e.read()).filter((v) => v !== undefined);
    } };
  }

  function suggestions() {
    const lists = [];
    for (const [section, items] of Object.entries(state.labels.suggest)) {
      lists.push(el("datalist", { id: "suggest-" + section },
        ...items.map(([id, zh, en]) => el("option", { value: id }, words(zh, en)))));
    }
    return lists;
  }

  function drawForm() {
    if (!state.schema) return;
    relabel.length = 0;
    state.root = build(state.schema, "");
    $("profile-form").replaceChildren(state.root.node, ...suggestions());
  }

  // -- packs and evaluation ---------------------------------------------------------------
  async function loadPacks() {
    const day = $("as_of").value;
    const data = await getJSON(ROOT + "/v1/packs" + (day ? "?as_of=" + encodeURIComponent(day) : ""), true);
    const select = $("pack");
    const kept = select.value;
    const options = [];
    for (const [jurisdiction, id] of Object.entries(data.in_force)) {
      const text = jurisdiction + (id ? "（" + id + "）" : (state.lang === "zh" ? "（该日无施行版本）" : " (none in force)"));
      options.push(el("option", { value: jurisdiction }, text));
    }
    for (const pack of data.packs) options.push(el("option", { value: pack.id }, pack.id));
    select.replaceChildren(...options);
    if (kept && [...select.options].some((o) => o.value === kept)) select.value = kept;
  }

  async function start() {
    showProblems([]);
    try {
      state.labels = state.labels || await getJSON(ROOT + "/playground/labels.json", false);
      await loadPacks();
      state.schema = await getJSON(ROOT + "/v1/schemas/profile", true);
      drawForm();
      say(state.lang === "zh" ? "就绪" : "ready");
    } catch (lines) {
      showProblems(Array.isArray(lines) ? lines : [String(lines)]);
      say(state.lang === "zh" ? "无法读取服务（如需令牌请先填写）" : "cannot reach the service (a token may be needed)");
    }
  }

  function mode() { return document.querySelector("input[name=mode]:checked").value; }

  async function evaluate() {
    showProblems([]);
    const query = new URLSearchParams({ pack: $("pack").value });
    if ($("as_of").value) query.set("as_of", $("as_of").value);
    let body;
    let type = "application/json";
    if (mode() === "form") {
      if (!state.root) { await start(); if (!state.root) return; }
      body = JSON.stringify(state.root.read());
    } else {
      body = $("text").value;
      if (mode() === "yaml") type = "application/yaml";  // read by the service, not here
    }
    say(state.lang === "zh" ? "评价中…" : "evaluating…");
    const response = await fetch(ROOT + "/v1/evaluate?" + query.toString(), {
      method: "POST", body: body, headers: headers({ "Content-Type": type, Accept: "text/html" }) });
    if (!response.ok) {
      showProblems(await problems(response));
      say(state.lang === "zh" ? "有错误" : "problems found");
      return;
    }
    const html = await response.text();
    $("sheet").srcdoc = html;
    const link = $("download");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    link.hidden = false;
    say(state.lang === "zh" ? "完成" : "done");
  }

  function switchMode() {
    const form = mode() === "form";
    $("profile-form").hidden = !form;
    $("text").hidden = form;
    $("to-json").hidden = !form;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("as_of").value = new Date().toISOString().slice(0, 10);
    $("token").value = sessionStorage.getItem("baji-token") || "";
    $("token").addEventListener("change", () => { sessionStorage.setItem("baji-token", $("token").value); start(); });
    $("as_of").addEventListener("change", () => loadPacks().catch((lines) => showProblems(lines)));
    $("lang").addEventListener("change", () => {
      state.lang = $("lang").value;
      for (const redraw of relabel) redraw();
      loadPacks().catch((lines) => showProblems(lines));
    });
    for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", switchMode);
    $("evaluate").addEventListener("click", () => evaluate().catch((e) => showProblems([String(e)])));
    $("to-json").addEventListener("click", () => {
      if (!state.root) return;
      $("text").value = JSON.stringify(state.root.read(), null, 2);
      document.querySelector("input[name=mode][value=json]").checked = true;
      switchMode();
    });
    // How many sheets the frame has shown: a script driving the page waits on it.
    $("sheet").addEventListener("load", () => {
      const frame = $("sheet");
      if (frame.srcdoc) frame.dataset.shown = String(Number(frame.dataset.shown || 0) + 1);
    });
    switchMode();
    start();
  });
})();
