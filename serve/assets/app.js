// bertvec serve's page: an expression box over /api/analogy, a results
// table, and for each kind a map (/api/map: every id placed by PCA) with
// the query's words, the query point (/api/project) and the results
// highlighted. No dependencies; everything comes from this server.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const form = $("form"), qBox = $("q"), kindSel = $("kind"), kind2Sel = $("kind2"),
    metricSel = $("metric"), kBox = $("k"), excludeBox = $("exclude"), compareBox = $("compare"),
    errorBox = $("error"), historyList = $("history");
  const FONT = getComputedStyle(document.documentElement).getPropertyValue("--font").trim() || "sans-serif";
  const HISTORY_KEY = "bertvec-serve-history";
  const maps = new Map(); // kind -> Promise of /api/map's answer

  // The hooks tests and the console use.
  const api = {
    ready: false, runs: 0, error: "", panes: [],
    run: (q) => { qBox.value = q; return submit(); },
    // toScreen gives id's position on pane i's canvas, in CSS pixels.
    toScreen: (i, id) => toScreen(api.panes[i], api.panes[i].data.x[id], api.panes[i].data.y[id]),
  };
  window.bertvecServe = api;

  async function getJSON(path, params) {
    const u = new URL(path, location.href);
    for (const [k, v] of Object.entries(params || {})) u.searchParams.set(k, v);
    const r = await fetch(u);
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || `${r.status} ${r.statusText}`);
    return body;
  }

  function getMap(kind) {
    if (!maps.has(kind)) maps.set(kind, getJSON("/api/map", { kind }));
    return maps.get(kind);
  }

  // ---- a pane: title, table, map -------------------------------------

  function newPane(el) {
    const canvas = el.querySelector("canvas");
    const pane = {
      el, canvas, ctx: canvas.getContext("2d"), tbody: el.querySelector("tbody"),
      kind: "", data: null, results: [], terms: [], point: null,
      highlighted: [], termIDs: [], frames: 0, drawn: 0, hover: -1,
      view: { cx: 0, cy: 0, scale: 1, w: 0, h: 0, dpr: 1 }, pending: false,
    };
    new ResizeObserver(() => resize(pane)).observe(canvas);
    panZoom(pane);
    return pane;
  }

  function resize(p) {
    const r = p.canvas.getBoundingClientRect();
    p.view.w = Math.max(r.width, 1); p.view.h = Math.max(r.height, 1);
    p.view.dpr = window.devicePixelRatio || 1;
    p.canvas.width = Math.round(p.view.w * p.view.dpr);
    p.canvas.height = Math.round(p.view.h * p.view.dpr);
    redraw(p);
  }

  function toScreen(p, x, y) {
    const v = p.view;
    return [(x - v.cx) * v.scale + v.w / 2, v.h / 2 - (y - v.cy) * v.scale];
  }

  // focus fits the view to the given world points (all points when empty).
  function focus(p, pts) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const add = (x, y) => { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); };
    if (pts.length === 0 && p.data) for (let i = 0; i < p.data.x.length; i++) add(p.data.x[i], p.data.y[i]);
    for (const [x, y] of pts) add(x, y);
    if (!isFinite(x0)) return;
    const v = p.view;
    v.cx = (x0 + x1) / 2; v.cy = (y0 + y1) / 2;
    v.scale = 0.85 * Math.min(v.w / Math.max(x1 - x0, 1e-9), v.h / Math.max(y1 - y0, 1e-9));
    redraw(p);
  }

  function redraw(p) {
    if (!p.pending) { p.pending = true; requestAnimationFrame(() => draw(p)); }
  }

  function draw(p) {
    p.pending = false;
    const { ctx, view: v, data } = p;
    ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
    ctx.clearRect(0, 0, v.w, v.h);
    if (!data) return;
    const n = data.x.length;
    let drawn = 0;
    const visible = [];
    ctx.fillStyle = "rgba(60, 105, 170, 0.35)";
    for (let i = 0; i < n; i++) {
      const [x, y] = toScreen(p, data.x[i], data.y[i]);
      if (x < -2 || y < -2 || x > v.w + 2 || y > v.h + 2) continue;
      ctx.fillRect(x - 1, y - 1, 2, 2);
      drawn++;
      if (visible.length <= 400) visible.push(i);
    }
    ctx.textBaseline = "middle";
    // Zoomed in far enough, every visible token gets its label.
    if (visible.length <= 400) {
      ctx.font = `11px ${FONT}`;
      ctx.fillStyle = "#555";
      for (const i of visible) {
        const [x, y] = toScreen(p, data.x[i], data.y[i]);
        ctx.fillText(data.label[i], x + 3, y);
      }
    }
    if (p.point) {
      const [qx, qy] = toScreen(p, p.point[0], p.point[1]);
      ctx.strokeStyle = "rgba(230, 120, 20, 0.55)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const id of p.highlighted) {
        const [x, y] = toScreen(p, data.x[id], data.y[id]);
        ctx.moveTo(qx, qy); ctx.lineTo(x, y);
      }
      ctx.stroke();
      for (const t of p.terms) {
        const [x, y] = toScreen(p, t.point[0], t.point[1]);
        dot(ctx, x, y, 6, t.neg ? "#1f77b4" : "#d62728");
        label(ctx, (t.neg ? "−" : "+") + t.word, x, y, t.neg ? "#1f4f94" : "#b11");
      }
      p.highlighted.forEach((id, r) => {
        const [x, y] = toScreen(p, data.x[id], data.y[id]);
        dot(ctx, x, y, r === p.hover ? 6 : 4.5, "#f28e2b");
        label(ctx, `${r + 1}. ${data.label[id]}`, x, y, "#8a4a00");
      });
      star(ctx, qx, qy);
      label(ctx, "query", qx, qy, "#000");
    }
    p.drawn = drawn;
    p.frames++;
  }

  function dot(ctx, x, y, r, color) {
    ctx.fillStyle = color;
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
  }

  function star(ctx, x, y) {
    ctx.fillStyle = "#000";
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 3.5 : 9, a = -Math.PI / 2 + i * Math.PI / 5;
      ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath(); ctx.fill();
  }

  function label(ctx, text, x, y, color) {
    ctx.font = `bold 13px ${FONT}`;
    ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.strokeText(text, x + 8, y);
    ctx.fillStyle = color; ctx.fillText(text, x + 8, y);
  }

  function panZoom(p) {
    const c = p.canvas;
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect(), v = p.view;
      const mx = e.clientX - r.left, my = e.clientY - r.top;
      const wx = v.cx + (mx - v.w / 2) / v.scale, wy = v.cy - (my - v.h / 2) / v.scale;
      v.scale *= Math.exp(-e.deltaY * 0.0015);
      v.cx = wx - (mx - v.w / 2) / v.scale; v.cy = wy + (my - v.h / 2) / v.scale;
      redraw(p);
    }, { passive: false });
    let drag = null;
    c.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY }; c.setPointerCapture(e.pointerId); });
    c.addEventListener("pointermove", (e) => {
      if (!drag) return;
      p.view.cx -= (e.clientX - drag.x) / p.view.scale;
      p.view.cy += (e.clientY - drag.y) / p.view.scale;
      drag = { x: e.clientX, y: e.clientY };
      redraw(p);
    });
    c.addEventListener("pointerup", () => { drag = null; });
  }

  function fmt(x) { return Number.isFinite(x) ? x.toFixed(4) : String(x); }

  function fillTable(p, results) {
    p.tbody.replaceChildren(...results.map((r, i) => {
      const tr = document.createElement("tr");
      for (const v of [r.rank, r.token, r.id, fmt(r.distance), fmt(r.cosine)]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(td);
      }
      tr.addEventListener("mouseenter", () => { p.hover = i; redraw(p); });
      tr.addEventListener("mouseleave", () => { p.hover = -1; redraw(p); });
      return tr;
    }));
  }

  // runPane answers the query on one kind: table first, then the map.
  async function runPane(p, kind, params) {
    p.kind = kind;
    p.el.querySelector(".title").textContent = `${kind} vectors`;
    const ans = await getJSON("/api/analogy", { ...params, kind });
    p.results = ans.results;
    fillTable(p, ans.results);
    const [data, proj] = await Promise.all([getMap(kind), getJSON("/api/project", { q: params.q, kind, metric: params.metric })]);
    p.data = data;
    p.el.querySelector(".caption").textContent = data.caption;
    p.highlighted = ans.results.map((r) => r.id);
    p.terms = proj.terms;
    p.termIDs = proj.terms.flatMap((t) => t.ids.length === 1 ? t.ids : []);
    p.point = proj.point;
    focus(p, [proj.point, ...proj.terms.map((t) => t.point), ...p.highlighted.map((id) => [data.x[id], data.y[id]])]);
  }

  // ---- the form, the URL and the history ------------------------------

  function params() {
    const p = { q: qBox.value.trim(), metric: metricSel.value, k: kBox.value || "10" };
    if (excludeBox.checked) p.exclude_query = "1";
    return p;
  }

  function writeHash(p) {
    const h = new URLSearchParams({ q: p.q, kind: kindSel.value });
    if (p.metric !== "l2") h.set("metric", p.metric);
    if (p.k !== "10") h.set("k", p.k);
    if (p.exclude_query) h.set("exclude_query", "1");
    if (compareBox.checked) h.set("kind2", kind2Sel.value);
    history.replaceState(null, "", "#" + h.toString());
  }

  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    if (!h.has("q")) return false;
    qBox.value = h.get("q");
    if (h.has("kind")) kindSel.value = h.get("kind");
    metricSel.value = h.get("metric") || "l2";
    kBox.value = h.get("k") || "10";
    excludeBox.checked = h.get("exclude_query") === "1";
    compareBox.checked = h.has("kind2");
    if (h.has("kind2")) kind2Sel.value = h.get("kind2");
    return true;
  }

  function remember(q) {
    let list = [];
    try { list = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { list = []; }
    list = [q, ...list.filter((x) => x !== q)].slice(0, 30);
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(list)); } catch (e) { /* private mode */ }
    showHistory(list);
  }

  function showHistory(list) {
    historyList.replaceChildren(...list.map((q) => {
      const li = document.createElement("li");
      li.textContent = q;
      li.addEventListener("click", () => { qBox.value = q; submit(); });
      return li;
    }));
  }

  async function submit() {
    const p = params();
    if (p.q === "") return;
    writeHash(p);
    errorBox.hidden = true;
    api.error = "";
    api.ready = false;
    const panes = [api.panes[0]];
    const kinds = [kindSel.value];
    $("pane-1").hidden = !compareBox.checked;
    if (compareBox.checked) { panes.push(api.panes[1]); kinds.push(kind2Sel.value); }
    try {
      await Promise.all(panes.map((pane, i) => runPane(pane, kinds[i], p)));
      remember(p.q);
    } catch (e) {
      api.error = e.message;
      errorBox.textContent = e.message;
      errorBox.hidden = false;
    }
    api.runs++;
    api.ready = true;
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  compareBox.addEventListener("change", () => { if (qBox.value.trim()) submit(); });
  kindSel.addEventListener("change", () => { if (qBox.value.trim()) submit(); });
  kind2Sel.addEventListener("change", () => { if (compareBox.checked && qBox.value.trim()) submit(); });
  window.addEventListener("hashchange", () => { if (readHash()) submit(); });

  async function start() {
    api.panes = [newPane($("pane-0")), newPane($("pane-1"))];
    try { showHistory(JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]")); } catch (e) { /* none */ }
    try {
      const info = await getJSON("/api/info");
      for (const sel of [kindSel, kind2Sel]) {
        sel.replaceChildren(...info.kinds.map((k) => new Option(k.name, k.name)));
      }
      if (info.kinds.length > 1) kind2Sel.value = info.kinds[1].name;
      $("info").textContent = `${info.vectors}: ` + info.kinds.map((k) => `${k.name} ${k.rows}×${k.dim}`).join(", ") +
        (info.model ? ` · model ${info.model}` : "");
      kBox.max = info.limits.max_k;
    } catch (e) {
      errorBox.textContent = e.message;
      errorBox.hidden = false;
    }
    if (readHash()) await submit();
    api.ready = true;
  }
  start();
})();
