// policykg graph page: draws the graph laid out in Python, and adds the side panel, search,
// filters and focus mode. Inlined into the page by kg/export/html.py.
//
// Every string from a document reaches the DOM through textContent (or vis's canvas and its
// text-only tooltips) and is never parsed as HTML: a label that looks like markup stays text.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const KIND_NAMES = { article: "文章 article", section: "章节 section", measure: "措施 measure",
                       actor: "主体 actor", goal: "目标 goal", other: "其他 other" };
  const ATTRIBUTE_NAMES = { stance: "立场 stance", instrument: "政策工具 instrument",
                            actor_type: "主体类型 actor type", source: "文件 file",
                            article: "文章 article", section: "章节 section", degree: "连接 degree",
                            "in articles": "所在文章 articles", surface: "原文形式 surface",
                            document_kind: "文种 kind", document_number: "发文字号 number",
                            issuers: "发文机关 issued by", addressees: "主送机关 addressees",
                            written: "成文日期 written", published: "发布日期 published",
                            document_title: "文件标题 document title" };

  // ------------------------------------------------------------------ indexes
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const incident = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e) => {
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  });
  const other = (e, id) => (e.from === id ? e.to : e.from);
  const articleTitle = (i) => (i >= 0 && i < data.articles.length ? data.articles[i][1] : "");
  const articleSource = (i) => (i >= 0 && i < data.articles.length ? data.articles[i][2] : "");
  const articleIssuers = (i) => (i >= 0 && i < data.articles.length ? data.articles[i][3] : []);
  const articleYear = (i) => (i >= 0 && i < data.articles.length ? data.articles[i][4] : 0);
  const attribute = (n, name) => {
    const row = n.attrs.find((r) => r[0] === name);
    return row ? row[1] : "";
  };

  // ------------------------------------------------------------------ vis data sets
  function styleOf(kind) { return data.styles[kind] || data.styles.other; }

  function visNode(n) {
    const s = styleOf(n.kind);
    return {
      id: n.id,
      label: n.short,
      title: n.label + "\n" + (KIND_NAMES[n.kind] || n.kind),  // a string: vis shows it as text
      x: n.x,
      y: n.y,
      size: n.size,
      shape: s.shape,
      color: { background: s.colour, border: "#ffffff",
               highlight: { background: s.colour, border: "#111111" },
               hover: { background: s.colour, border: "#555555" } },
      font: { size: s.font + (n.kind === "article" ? 0 : Math.min(6, Math.floor(n.degree / 8))) },
      hidden: false,
    };
  }

  function visEdge(e) {
    const c = data.relations[e.relation] || "#999999";
    return { id: e.id, from: e.from, to: e.to, label: "",
             color: { color: c, highlight: "#111111", hover: c, opacity: 0.75 } };
  }

  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const network = new vis.Network($("kg-graph"), { nodes: nodes, edges: edges }, data.options);

  // The layout is done, so the first frame is the settled picture. Two animation frames
  // later it has been painted: the benchmark and the tests read this time.
  network.once("afterDrawing", () => {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__settled = performance.now();
      document.body.setAttribute("data-settled", "1");
    }));
  });

  // Relations label an edge only while the pointer is on it, so the canvas stays clean.
  network.on("hoverEdge", (p) => {
    const e = edgeById.get(p.edge);
    if (e) edges.update({ id: e.id, label: e.relation });
  });
  network.on("blurEdge", (p) => edges.update({ id: p.edge, label: "" }));

  // ------------------------------------------------------------------ small DOM helpers
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // The sentence as text, with the first occurrence of each needle ([text, kind]) wrapped in
  // a <mark> coloured by kind: the reader sees which words are the measure, actor and goal.
  function marked(sentence, needles) {
    const p = el("p");
    const spans = [];
    (needles || []).forEach(([needle, kind]) => {
      if (!needle) return;
      const at = sentence.indexOf(needle);
      if (at >= 0) spans.push([at, at + needle.length, kind]);
    });
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let cursor = 0;
    spans.forEach(([start, end, kind]) => {
      if (start < cursor) return;
      p.appendChild(document.createTextNode(sentence.slice(cursor, start)));
      p.appendChild(el("mark", sentence.slice(start, end), "k-" + kind));
      cursor = end;
    });
    p.appendChild(document.createTextNode(sentence.slice(cursor)));
    return p;
  }

  function needlesOf(id) {
    const n = byId.get(id);
    if (!n || n.kind === "article" || n.kind === "section") return [];
    const found = [[n.label, n.kind]];
    if (n.surface) n.surface.split(" | ").forEach((s) => found.push([s, n.kind]));
    return found;
  }

  // A node's own words and those of everything linked to it, for marking its sentences.
  function needlesAround(id) {
    return incident.get(id).reduce((all, e) => all.concat(needlesOf(other(e, id))), needlesOf(id));
  }

  function nodeLink(id, prefix) {
    const n = byId.get(id);
    const b = el("button", null, "link");
    b.type = "button";
    if (prefix) b.appendChild(el("span", prefix, "rel"));
    b.appendChild(document.createTextNode(n ? n.label : id));
    b.title = n ? n.label : id;
    b.addEventListener("click", () => jump(id));
    return b;
  }

  function table(rows) {
    const t = el("table");
    rows.forEach(([name, value]) => {
      const tr = el("tr");
      tr.appendChild(el("th", ATTRIBUTE_NAMES[name] || name));
      tr.appendChild(el("td", value));
      t.appendChild(tr);
    });
    return t;
  }

  function evidenceBox(item) {
    const box = el("div", null, "evidence");
    box.appendChild(marked(data.texts[item.s], item.needles));
    const where = [];
    const title = articleTitle(item.article);
    if (title) where.push("《" + title + "》");
    if (item.source) where.push(item.source + (item.start !== undefined ? " [" + item.start + "–" + item.end + "]" : ""));
    if (item.relation) where.push(item.relation);
    if (item.rule) where.push("rule " + item.rule);
    box.appendChild(el("div", where.join(" · "), "where"));
    return box;
  }

  // ------------------------------------------------------------------ side panel
  const details = $("kg-details");
  const MAX_EVIDENCE = 30;
  const MAX_LINKS = 60;

  function evidenceOf(n) {
    const items = [];
    const seen = new Set();
    const add = (item) => {
      const key = item.s + "|" + item.source;
      if (item.s < 0 || seen.has(key)) return;
      seen.add(key);
      items.push(item);
    };
    if (n.kind === "measure" && n.s >= 0) {
      add({ s: n.s, source: attribute(n, "source"), article: n.a.length ? n.a[0] : -1,
            rule: attribute(n, "rule"), needles: needlesAround(n.id) });
    }
    incident.get(n.id).forEach((e) => {
      add({ s: e.s, source: e.source, start: e.start, end: e.end, article: e.a, rule: e.rule,
            relation: e.relation, needles: needlesOf(e.from).concat(needlesOf(e.to)) });
    });
    return items;
  }

  function showNode(id) {
    const n = byId.get(id);
    if (!n) return;
    current = { node: id };
    details.replaceChildren();
    const kind = el("span", KIND_NAMES[n.kind] || n.kind, "kind");
    kind.style.background = styleOf(n.kind).colour;
    details.appendChild(kind);
    details.appendChild(el("h2", n.label));
    const rows = [["degree", String(n.degree)]].concat(n.attrs);
    if ((n.kind === "actor" || n.kind === "goal" || n.kind === "other") && n.a.length) {
      rows.push(["in articles", n.a.map((i) => "《" + articleTitle(i) + "》").join(" ")]);
    }
    rows.push(["id", n.id]);
    details.appendChild(table(rows));

    const evidence = evidenceOf(n);
    details.appendChild(el("h3", "原文依据 evidence (" + evidence.length + ")"));
    if (!evidence.length) details.appendChild(el("p", "—", "hint"));
    evidence.slice(0, MAX_EVIDENCE).forEach((item) => details.appendChild(evidenceBox(item)));
    if (evidence.length > MAX_EVIDENCE) {
      details.appendChild(el("p", "… " + (evidence.length - MAX_EVIDENCE) + " more", "hint"));
    }

    const links = incident.get(n.id);
    details.appendChild(el("h3", "连接 links (" + links.length + ")"));
    const list = el("ul");
    links.slice(0, MAX_LINKS).forEach((e) => {
      const li = el("li");
      li.appendChild(nodeLink(other(e, id), (e.from === id ? "→ " : "← ") + e.relation));
      list.appendChild(li);
    });
    details.appendChild(list);
    if (links.length > MAX_LINKS) details.appendChild(el("p", "… " + (links.length - MAX_LINKS) + " more", "hint"));
  }

  function showEdge(edgeId) {
    const e = edgeById.get(edgeId);
    if (!e) return;
    current = { edge: edgeId };
    details.replaceChildren();
    const kind = el("span", "连线 edge: " + e.relation, "kind");
    kind.style.background = data.relations[e.relation] || "#999999";
    details.appendChild(kind);
    const head = el("ul");
    [["from", e.from], ["to", e.to]].forEach(([name, id]) => {
      const li = el("li");
      li.appendChild(nodeLink(id, name));
      head.appendChild(li);
    });
    details.appendChild(head);
    const rows = [["relation", e.relation]];
    if (e.rule) rows.push(["rule", e.rule]);
    if (e.source) rows.push(["source", e.source + (e.start !== undefined ? " [" + e.start + "–" + e.end + "]" : "")]);
    if (e.a >= 0) rows.push(["article", articleTitle(e.a)]);
    details.appendChild(table(rows));
    details.appendChild(el("h3", "原文依据 evidence"));
    if (e.s >= 0) {
      details.appendChild(evidenceBox({ s: e.s, source: e.source, start: e.start, end: e.end,
                                        article: e.a, rule: e.rule,
                                        needles: needlesOf(e.from).concat(needlesOf(e.to)) }));
    } else {
      details.appendChild(el("p", e.relation === "issuer" ? "发文机关，见文件头 · the issuing body, from the document header"
                                                        : "结构连线，无句子 · a structural link, no sentence", "hint"));
    }
  }

  // ------------------------------------------------------------------ filters and focus
  let current = null;  // what the panel shows: {node: id} or {edge: id}
  let focusId = null;
  const hiddenKinds = new Set();
  const controls = {
    article: $("kg-article"), source: $("kg-source"), issuer: $("kg-issuer"), year: $("kg-year"),
    instrument: $("kg-instrument"), stance: $("kg-stance"), focus: $("kg-focus"), depth: $("kg-depth"),
  };
  // Filters by a value each article has or not; "in place" filters pick articles, and a node
  // stays if one of its articles passes them all.
  const PLACE_FILTERS = ["article", "source", "issuer", "year"];

  function addOptions(select, options) {
    options.forEach(([value, text]) => {
      const option = el("option", text);
      option.value = value;
      select.appendChild(option);
    });
  }
  addOptions(controls.article, data.articles.map((a, i) => [String(i), a[1] + (a[2] ? " · " + a[2] : "")]));
  addOptions(controls.source, Array.from(new Set(data.articles.map((a) => a[2]).filter(Boolean))).sort().map((s) => [s, s]));
  // Issuing bodies and years come from document headers: a page of commentary has none, and
  // then the two filters stay hidden.
  const count = (values) => values.reduce((m, v) => m.set(v, (m.get(v) || 0) + 1), new Map());
  const issuerCounts = count(data.articles.flatMap((a) => a[3]));
  const yearCounts = count(data.articles.map((a) => a[4]).filter(Boolean));
  addOptions(controls.issuer, Array.from(issuerCounts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([name, n]) => [name, name + " (" + n + ")"]));
  addOptions(controls.year, Array.from(yearCounts).sort((a, b) => b[0] - a[0]).map(([y, n]) => [String(y), y + " (" + n + ")"]));
  $("kg-issuer-box").hidden = issuerCounts.size === 0;
  $("kg-year-box").hidden = yearCounts.size === 0;
  addOptions(controls.instrument, data.instruments.map(([v, name, count]) => [v, name + " (" + count + ")"]));
  addOptions(controls.stance, data.stances.map(([v, name, count]) => [v, name + " (" + count + ")"]));

  function neighbourhood(centre, depth) {
    const seen = new Set([centre]);
    let frontier = [centre];
    for (let d = 0; d < depth; d++) {
      const next = [];
      frontier.forEach((id) => incident.get(id).forEach((e) => {
        const o = other(e, id);
        if (!seen.has(o)) { seen.add(o); next.push(o); }
      }));
      frontier = next;
    }
    return seen;
  }

  // Which nodes pass the filters. Instrument and stance select measures; the other nodes
  // then stay only if linked to a selected measure, so a filter shows whole measures in context.
  function visibleIds() {
    const article = controls.article.value === "" ? -1 : Number(controls.article.value);
    const source = controls.source.value;
    const issuer = controls.issuer.value;
    const year = controls.year.value === "" ? 0 : Number(controls.year.value);
    const instrument = controls.instrument.value;
    const stance = controls.stance.value;
    const placed = article >= 0 || source || issuer || year;
    const passes = (i) => (article < 0 || i === article) && (!source || articleSource(i) === source) &&
                          (!issuer || articleIssuers(i).includes(issuer)) && (!year || articleYear(i) === year);
    const inPlace = (n) => !placed || n.a.some(passes);
    const measureFilter = instrument !== "*" || stance !== "*";
    const chosen = new Set();
    data.nodes.forEach((n) => {
      if (n.kind === "measure" && inPlace(n) && (instrument === "*" || n.instrument === instrument) &&
          (stance === "*" || n.stance === stance)) chosen.add(n.id);
    });
    const context = new Set();
    if (measureFilter) {
      chosen.forEach((id) => {
        byId.get(id).a.forEach((i) => context.add(data.articles[i][0]));
        incident.get(id).forEach((e) => context.add(other(e, id)));
      });
    }
    const near = controls.focus.checked && focusId ? neighbourhood(focusId, Number(controls.depth.value)) : null;
    const shown = new Set();
    data.nodes.forEach((n) => {
      if (hiddenKinds.has(n.kind)) return;
      if (near && !near.has(n.id)) return;
      const pass = n.kind === "measure" ? chosen.has(n.id)
                                        : inPlace(n) && (!measureFilter || context.has(n.id));
      if (pass || (near && n.id === focusId)) shown.add(n.id);  // the focus itself always shows
    });
    return shown;
  }

  // Fit, but not closer than a little over life size: a handful of nodes would fill the screen.
  function fitTo(ids) {
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.2) network.moveTo({ scale: 1.2, animation: false });
  }

  function apply(fit) {
    const shown = visibleIds();
    const changes = [];
    nodes.forEach((v) => {
      const hidden = !shown.has(v.id);
      if (Boolean(v.hidden) !== hidden) changes.push({ id: v.id, hidden: hidden });
    });
    if (changes.length) nodes.update(changes);
    $("kg-status").textContent = "显示 " + shown.size + " / " + data.nodes.length + " 个节点 · showing " +
      shown.size + " of " + data.nodes.length + " nodes" + (controls.focus.checked && !focusId ? " · 先选一个节点 select a node to focus" : "");
    if (fit && shown.size) fitTo(Array.from(shown));
    return shown;
  }

  document.querySelectorAll("#kg-legend input[data-kind]").forEach((box) => {
    box.addEventListener("change", () => {
      const kind = box.getAttribute("data-kind");
      if (box.checked) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
      apply(false);
    });
  });
  [...PLACE_FILTERS, "instrument", "stance"].forEach((name) => {
    controls[name].addEventListener("change", () => apply(true));
  });
  controls.focus.addEventListener("change", () => {
    if (controls.focus.checked && !focusId && current && current.node) focusId = current.node;
    apply(true);
  });
  controls.depth.addEventListener("change", () => apply(controls.focus.checked));
  $("kg-reset").addEventListener("click", () => {
    PLACE_FILTERS.forEach((name) => { controls[name].value = ""; });
    ["instrument", "stance"].forEach((name) => { controls[name].value = "*"; });
    controls.focus.checked = false;
    hiddenKinds.clear();
    document.querySelectorAll("#kg-legend input[data-kind]").forEach((box) => { box.checked = true; });
    search.value = "";
    showMatches([]);
    apply(true);
  });

  // ------------------------------------------------------------------ selection and search
  function jump(id) {
    if (!byId.has(id)) return;
    if (nodes.get(id).hidden) {  // a hidden node cannot be shown: say so rather than jump nowhere
      $("kg-status").textContent = "该节点被筛选隐藏 · that node is hidden by a filter";
      showNode(id);
      return;
    }
    // Centre the node at the zoom that shows its neighbours, within readable bounds.
    network.fit({ nodes: [id].concat(incident.get(id).map((e) => other(e, id))), animation: false });
    const scale = Math.min(1.2, Math.max(0.6, network.getScale()));
    network.moveTo({ position: network.getPosition(id), scale: scale, animation: false });
    network.selectNodes([id]);
    select(id);
  }

  function select(id) {
    showNode(id);
    if (controls.focus.checked && focusId !== id) {
      focusId = id;
      apply(true);
    } else {
      focusId = id;
    }
  }

  network.on("click", (p) => {
    if (p.nodes.length) select(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  const search = $("kg-search");
  const results = $("kg-results");
  let matches = [];

  function findMatches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const found = [];
    data.nodes.forEach((n) => {
      if (nodes.get(n.id).hidden) return;
      const label = n.label.toLowerCase();
      const at = label.indexOf(q);
      if (at >= 0) found.push([label === q ? 0 : at === 0 ? 1 : 2, -n.degree, n.label.length, n.id]);
    });
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1));
    return found.map((f) => f[3]);
  }

  function showMatches(ids) {
    matches = ids;
    results.replaceChildren();
    ids.slice(0, 30).forEach((id) => {
      const li = el("li");
      const n = byId.get(id);
      const glyph = el("span", "● ");
      glyph.style.color = styleOf(n.kind).colour;
      const b = nodeLink(id);
      b.prepend(glyph);
      li.appendChild(b);
      results.appendChild(li);
    });
    $("kg-search-count").textContent = search.value.trim()
      ? ids.length + " 个匹配 matches" + (ids.length ? " · Enter 跳到第一个 jumps to the first" : "") : "";
    network.selectNodes(ids.slice(0, 500), false);  // highlight every match on the canvas
  }

  search.addEventListener("input", () => showMatches(findMatches(search.value)));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length) {
      event.preventDefault();
      jump(matches[0]);
    } else if (event.key === "Escape") {
      search.value = "";
      showMatches([]);
    }
  });

  // ------------------------------------------------------------------ start
  apply(false);
  if (data.focus.length) {
    network.selectNodes(data.focus, false);
    select(data.focus[0]);
  }
  fitTo(data.nodes.map((n) => n.id));
  network.redraw();

  // For tests and for anyone poking at the page from the console.
  window.kg = { network: network, nodes: nodes, edges: edges, data: data,
                visibleIds: () => Array.from(visibleIds()), select: jump };
}());
