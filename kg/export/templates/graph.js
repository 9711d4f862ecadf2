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
                       actor: "主体 actor", goal: "目标 goal", other: "其他 other",
                       group: "文件 documents", instrument: "政策工具 instrument type" };
  const ATTRIBUTE_NAMES = { stance: "立场 stance", instrument: "政策工具 instrument", measures: "措施数 measures",
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
    const s = n.colour ? { ...styleOf(n.kind), colour: n.colour } : styleOf(n.kind);  // an actor's type
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
      font: { size: n.ref ? Math.round(12 + n.size / 2) : s.font + (n.kind === "article" ? 0 : Math.min(6, Math.floor(n.degree / 8))) },
      hidden: false,
    };
  }

  function visEdge(e) {
    const c = data.relations[e.relation] || "#999999";
    const edge = { id: e.id, from: e.from, to: e.to, label: "",
                   color: { color: c, highlight: "#111111", hover: c, opacity: e.w ? 0.45 : 0.75 } };
    if (e.relation === "echoes") edge.dashes = true;  // a likeness, not a link the text states
    if (e.w) {  // an overview link: as wide as the log of the measures behind it
      edge.value = Math.log2(1 + e.w);
      edge.title = e.w + " 条措施 measures";
    }
    return edge;
  }

  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const network = new vis.Network($("kg-graph"), { nodes: nodes, edges: edges }, data.options);

  // ------------------------------------------------------------------ the corpus index
  // A graph above the node cap comes as an overview (actors, goals, documents, instrument
  // types, with weighted links) and an index of every measure, in columns. Measures are
  // listed from it and drawn on demand; their ids are rebuilt from their parts as the graph's.
  const corpus = data.corpus || null;
  const M = corpus ? corpus.measures : null;
  const measuresBy = { actor: new Map(), goal: new Map(), group: new Map(), inst: new Map(), article: new Map() };
  if (corpus) {
    const push = (map, key, i) => { if (!map.has(key)) map.set(key, []); map.get(key).push(i); };
    for (let i = 0; i < M.text.length; i++) {
      M.actors[i].forEach((a) => push(measuresBy.actor, a, i));
      M.targets[i].forEach((a) => { if (!M.actors[i].includes(a)) push(measuresBy.actor, a, i); });
      M.goals[i].forEach((g) => push(measuresBy.goal, g, i));
      push(measuresBy.group, corpus.articleGroup[M.art[i]], i);
      push(measuresBy.article, M.art[i], i);
      push(measuresBy.inst, corpus.instruments[M.inst[i]], i);
    }
  }
  const measuresOf = (ref) => (ref ? measuresBy[ref[0]].get(ref[1]) || [] : []);
  const measureId = (i) => "measure:" + articleSource(M.art[i]) + ":" + M.start[i] + "-" + M.end[i];

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
    if (n.ref && corpus) { showCorpusNode(n); return; }
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
    if (corpus && n.mi !== undefined && M.echoes[n.mi].length) {  // where it recurs: other files
      measureList(M.echoes[n.mi], "呼应 echoes in other files");
    }
  }

  // The panel's head for an edge: its relation, and links to its two ends.
  function edgeHeading(e) {
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
  }

  function showEdge(edgeId) {
    const e = edgeById.get(edgeId);
    if (!e) return;
    current = { edge: edgeId };
    if (e.ref && corpus) { showCorpusEdge(e); return; }
    edgeHeading(e);
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
        : e.relation === "echoes" ? "呼应：另一文件中几乎相同的措施，相似度 " + e.score + " · a measure of another file that says nearly the same, likeness " + e.score
        : "结构连线，无句子 · a structural link, no sentence", "hint"));
    }
  }

  // ------------------------------------------------------------------ drill-down (corpus)
  const PAGE = 50;

  // Measures behind an overview node (or link), under the filters, listed a page at a time:
  // each with its sentence (measure, actors and goals marked), where it stands, and a button
  // that draws it with its links.
  function measureList(indexes, heading) {
    const passing = indexes.filter(measureTest());
    details.appendChild(el("h3", heading + " (" + passing.length +
      (passing.length < indexes.length ? " / " + indexes.length : "") + ")"));
    const list = el("div", null, "measures");
    details.appendChild(list);
    let shown = 0;
    const more = el("button", null, "more");
    more.type = "button";
    function page() {
      passing.slice(shown, shown + PAGE).forEach((i) => list.appendChild(measureItem(i)));
      shown = Math.min(passing.length, shown + PAGE);
      more.textContent = "更多 more (" + (passing.length - shown) + ")";
      more.hidden = shown >= passing.length;
    }
    more.addEventListener("click", page);
    details.appendChild(more);
    page();
  }

  function measureNeedles(i) {
    const needles = [[M.text[i], "measure"]];
    M.actors[i].concat(M.targets[i]).forEach((a) => {
      needles.push([corpus.actors[a][1], "actor"]);
      corpus.actors[a][3].split(" | ").forEach((form) => needles.push([form, "actor"]));
    });
    M.goals[i].forEach((g) => needles.push([corpus.goals[g][1], "goal"]));
    return needles;
  }

  function measureItem(i) {
    const box = evidenceBox({ s: M.s[i], source: articleSource(M.art[i]), start: M.start[i], end: M.end[i],
                              article: M.art[i], rule: corpus.rules[M.rule[i]], needles: measureNeedles(i) });
    box.prepend(el("div", M.text[i], "measure-text"));
    const draw = el("button", "在图上显示 draw", "link");
    draw.type = "button";
    draw.addEventListener("click", () => jump(drawMeasure(i)));
    box.appendChild(draw);
    return box;
  }

  function showCorpusNode(n) {
    details.replaceChildren();
    const kind = el("span", KIND_NAMES[n.kind] || n.kind, "kind");
    kind.style.background = styleOf(n.kind).colour;
    details.appendChild(kind);
    details.appendChild(el("h2", n.label));
    details.appendChild(table(n.attrs.concat([["id", n.id]])));
    measureList(measuresOf(n.ref), "措施 measures");
  }

  function showCorpusEdge(e) {
    edgeHeading(e);
    const behind = new Set(measuresOf(e.ref));
    measureList(measuresOf(byId.get(e.from).ref).filter((i) => behind.has(i)), "措施 measures behind it");
  }

  // ------------------------------------------------------------------ drawing from the index
  // What is drawn from the index goes on a bench below the overview, a slot each, so that it
  // never lands among the overview's nodes; what comes with it (its actors, goals, article)
  // goes round it. Links to the overview's nodes reach up to them.
  const BENCH_COLUMNS = 6, BENCH_STEP = 260;
  const bench = data.nodes.reduce((b, n) => ({ x: Math.min(b.x, n.x), y: Math.max(b.y, n.y) }),
                                  { x: Infinity, y: -Infinity });
  let benchSlots = 0;
  const onBench = new Map();  // a drawn node -> how many were placed round it
  function addNode(record, near) {
    if (byId.has(record.id)) return record.id;
    let at;
    if (near && onBench.has(near)) {
      const centre = network.getPosition(near);
      const k = onBench.get(near);
      onBench.set(near, k + 1);
      const angle = k * 2.399963, radius = byId.get(near).kind === "measure" ? 95 : 170 + 14 * Math.floor(k / 12);
      at = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };  // the golden angle
    } else {
      const slot = benchSlots++;
      at = { x: (isFinite(bench.x) ? bench.x : 0) + (slot % BENCH_COLUMNS) * BENCH_STEP,
             y: (isFinite(bench.y) ? bench.y : 0) + 300 + Math.floor(slot / BENCH_COLUMNS) * BENCH_STEP };
    }
    Object.assign(record, { x: Math.round(at.x), y: Math.round(at.y) });
    onBench.set(record.id, 0);
    record.short = record.short || (record.label.length > 16 ? record.label.slice(0, 15) + "…" : record.label);
    record.degree = record.degree || 1;
    record.size = record.size || 12;
    data.nodes.push(record);
    byId.set(record.id, record);
    incident.set(record.id, []);
    nodes.add(visNode(record));
    return record.id;
  }

  function addEdge(record) {
    record.id = "d" + data.edges.length;
    data.edges.push(record);
    edgeById.set(record.id, record);
    incident.get(record.from).push(record);
    if (record.to !== record.from) incident.get(record.to).push(record);
    edges.add(visEdge(record));
  }

  function drawActor(a, near) {
    const [id, name, type, surface] = corpus.actors[a];
    return addNode({ id: id, kind: "actor", label: name, a: [], ref: ["actor", a], surface: surface,
                     n: measuresOf(["actor", a]).length,
                     attrs: [["actor_type", type], ["measures", String(measuresOf(["actor", a]).length)]] }, near);
  }

  function drawGoal(g, near) {
    return addNode({ id: corpus.goals[g][0], kind: "goal", label: corpus.goals[g][1], a: [], ref: ["goal", g],
                     attrs: [["measures", String(measuresOf(["goal", g]).length)]] }, near);
  }

  function drawArticle(k, near) {
    const [id, label, source] = data.articles[k];
    return addNode({ id: id, kind: "article", label: label, a: [k], size: 16, ref: ["article", k],
                     attrs: [["source", source], ["measures", String(measuresOf(["article", k]).length)]] }, near);
  }

  function drawGroup(k, near) {
    return addNode({ id: corpus.groups[k][0], kind: "group", label: corpus.groups[k][1], a: [], size: 18, ref: ["group", k],
                     attrs: [["measures", String(measuresOf(["group", k]).length)]] }, near);
  }

  // The measure, its actors, targets, goals and article, linked as in the graph: returns its id.
  function drawMeasure(i) {
    const id = measureId(i);
    if (byId.has(id)) return id;
    const stance = corpus.stances[M.stance[i]], instrument = corpus.instruments[M.inst[i]];
    const attrs = [["stance", stance], ["instrument", instrument], ["source", articleSource(M.art[i])],
                   ["article", articleTitle(M.art[i])], ["section", M.sec[i] >= 0 ? corpus.sections[M.sec[i]] : ""],
                   ["rule", corpus.rules[M.rule[i]]], ["span", M.start[i] + "–" + M.end[i]]].filter((r) => r[1]);
    // round its actor if that is on the bench (searched for), else in a slot of its own
    const near = M.actors[i].map((a) => corpus.actors[a][0]).find((n) => onBench.has(n));
    addNode({ id: id, kind: "measure", label: M.text[i], a: [M.art[i]], attrs: attrs, s: M.s[i],
              stance: stance, instrument: instrument, size: 10, mi: i }, near);
    const evidence = { s: M.s[i], a: M.art[i], source: articleSource(M.art[i]), start: M.start[i], end: M.end[i],
                       rule: corpus.rules[M.rule[i]] };
    M.actors[i].forEach((a) => addEdge({ ...evidence, from: drawActor(a, id), to: id, relation: "actor" }));
    M.targets[i].forEach((a) => addEdge({ ...evidence, from: id, to: drawActor(a, id), relation: "target" }));
    M.goals[i].forEach((g) => addEdge({ ...evidence, from: id, to: drawGoal(g, id), relation: "goal" }));
    addEdge({ from: id, to: drawArticle(M.art[i], id), relation: "article", s: -1, a: M.art[i] });
    M.echoes[i].forEach((j) => {  // echo links to the measures of other files already drawn
      if (byId.has(measureId(j))) addEdge({ from: id, to: measureId(j), relation: "echoes", s: -1, a: -1 });
    });
    apply(false);
    return id;
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

  function placeFilter() {
    const article = controls.article.value === "" ? -1 : Number(controls.article.value);
    const source = controls.source.value;
    const issuer = controls.issuer.value;
    const year = controls.year.value === "" ? 0 : Number(controls.year.value);
    return {
      placed: article >= 0 || source || issuer || year,
      passes: (i) => (article < 0 || i === article) && (!source || articleSource(i) === source) &&
                     (!issuer || articleIssuers(i).includes(issuer)) && (!year || articleYear(i) === year),
    };
  }

  // Whether a measure of the corpus index (by position) passes every filter, as they are set now.
  function measureTest() {
    const { placed, passes } = placeFilter();
    const instrument = controls.instrument.value, stance = controls.stance.value;
    return (i) => (!placed || passes(M.art[i])) && (instrument === "*" || corpus.instruments[M.inst[i]] === instrument) &&
                  (stance === "*" || corpus.stances[M.stance[i]] === stance);
  }

  // Which nodes pass the filters. Instrument and stance select measures; the other nodes
  // then stay only if linked to a selected measure, so a filter shows whole measures in context.
  function visibleIds() {
    const instrument = controls.instrument.value;
    const stance = controls.stance.value;
    const { placed, passes } = placeFilter();
    const measureOk = corpus ? measureTest() : null;
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
      // an overview node (or one drawn from the index) stays if one of its measures passes
      const pass = n.ref && corpus ? (!(placed || measureFilter) || measuresOf(n.ref).some(measureOk))
        : n.kind === "measure" ? chosen.has(n.id) : inPlace(n) && (!measureFilter || context.has(n.id));
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

  // Echo links (measures of other files that say nearly the same) can be hidden on their own.
  const echoBox = $("kg-echoes");
  if (echoBox) {
    echoBox.addEventListener("change", () => {
      edges.update(data.edges.filter((e) => e.relation === "echoes").map((e) => ({ id: e.id, hidden: !echoBox.checked })));
    });
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
    if (echoBox && !echoBox.checked) { echoBox.checked = true; echoBox.dispatchEvent(new Event("change")); }
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

  // Over the whole corpus: actors, goals, documents and measure texts, drawn when opened.
  // Exact matches first (a measure text searched verbatim), then those that start with the
  // query, then the rest; within each, actors, goals, documents, measures, busiest first.
  let lowered = null;
  function corpusMatches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    if (!lowered) lowered = M.text.map((t) => t.toLowerCase());
    const hits = [];
    const rank = (text) => {
      const at = text.indexOf(q);
      return at < 0 ? -1 : text.length === q.length ? 0 : at === 0 ? 1 : 2;
    };
    const add = (text, order, count, kind, k, label) => {
      const r = rank(text.toLowerCase());
      if (r >= 0) hits.push([r, order, -count, label, kind, k]);
    };
    corpus.actors.forEach((a, k) => add(a[1], 0, measuresOf(["actor", k]).length, "actor", k, a[1]));
    corpus.goals.forEach((g, k) => add(g[1], 1, measuresOf(["goal", k]).length, "goal", k, g[1]));
    corpus.groups.forEach((g, k) => add(g[1], 2, measuresOf(["group", k]).length, "group", k, g[1]));
    data.articles.forEach((a, k) => add(a[1], 3, measuresOf(["article", k]).length, "article", k, a[1]));
    lowered.forEach((t, k) => {
      const r = rank(t);
      if (r >= 0) hits.push([r, 4, 0, M.text[k] + " · " + articleTitle(M.art[k]), "measure", k]);
    });
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0));
    return hits.map(([, , , label, kind, k]) => ({ label: label, kind: kind, k: k }));
  }

  function openHit(hit) {
    const draw = { actor: drawActor, goal: drawGoal, group: drawGroup, article: drawArticle, measure: drawMeasure };
    const id = hit.kind === "measure" ? drawMeasure(hit.k) : draw[hit.kind](hit.k, null);
    apply(false);
    jump(id);
  }

  function showHits(hits) {
    matches = hits;
    results.replaceChildren();
    hits.slice(0, 30).forEach((hit) => {
      const li = el("li");
      const b = el("button", null, "link");
      b.type = "button";
      const glyph = el("span", "● ");
      glyph.style.color = styleOf(hit.kind).colour;
      b.appendChild(glyph);
      b.appendChild(document.createTextNode(hit.label));
      b.title = hit.label;
      b.addEventListener("click", () => openHit(hit));
      li.appendChild(b);
      results.appendChild(li);
    });
    $("kg-search-count").textContent = search.value.trim()
      ? hits.length + " 个匹配 matches" + (hits.length ? " · Enter 打开第一个 opens the first" : "") : "";
  }

  function showMatches(ids) {
    if (corpus) { showHits(ids); return; }
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

  search.addEventListener("input", () => showMatches(corpus ? corpusMatches(search.value) : findMatches(search.value)));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length) {
      event.preventDefault();
      if (corpus) openHit(matches[0]); else jump(matches[0]);
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
                visibleIds: () => Array.from(visibleIds()), select: jump, showEdge: showEdge,
                measuresOf: measuresOf, draw: (i) => (corpus ? drawMeasure(i) : null),
                search: (q) => (corpus ? corpusMatches(q) : findMatches(q)) };
}());
