// bertvec map viewer: a canvas scatter of tokens with zoom (wheel), pan
// (drag), hover details and a search that highlights a token and its
// nearest neighbours in the original vector space. No dependencies.
(() => {
  "use strict";

  const data = JSON.parse(document.getElementById("map-data").textContent);
  const n = data.x.length;
  const canvas = document.getElementById("map");
  const ctx = canvas.getContext("2d");
  const tip = document.getElementById("tip");
  const search = document.getElementById("search");
  const status = document.getElementById("status");
  const panel = document.getElementById("panel");
  const panelTitle = document.getElementById("panel-title");
  const list = document.getElementById("neighbours");

  const FONT = getComputedStyle(document.documentElement).getPropertyValue("--font").trim() || "sans-serif";
  const LABEL_PX = 12;
  const RADIUS = 2.5;
  const CELL = 8; // label-collision grid, in CSS pixels

  const view = { cx: 0, cy: 0, scale: 1, w: 0, h: 0, dpr: 1 };
  let fitScale = 1;
  let selected = -1;
  let hovered = -1;
  let pending = false;

  // First index of each token, for search.
  const byLabel = new Map();
  for (let i = n - 1; i >= 0; i--) byLabel.set(data.label[i], i);

  // Label widths at LABEL_PX, measured once.
  const widths = new Float32Array(n).fill(-1);
  function labelWidth(i) {
    if (widths[i] < 0) {
      ctx.font = `${LABEL_PX}px ${FONT}`;
      widths[i] = ctx.measureText(data.label[i]).width;
    }
    return widths[i];
  }

  // The hooks tests and the console use.
  const api = {
    n, drawn: 0, labelsDrawn: 0, frames: 0, ready: false,
    selected: -1, highlighted: [], view,
    search: (q) => runSearch(q, true),
    select, fit, toScreen,
  };
  window.bertvecMap = api;

  function toScreen(i) {
    return [(data.x[i] - view.cx) * view.scale + view.w / 2,
      view.h / 2 - (data.y[i] - view.cy) * view.scale];
  }

  function toWorld(sx, sy) {
    return [view.cx + (sx - view.w / 2) / view.scale, view.cy - (sy - view.h / 2) / view.scale];
  }

  function fit() {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, data.x[i]); maxX = Math.max(maxX, data.x[i]);
      minY = Math.min(minY, data.y[i]); maxY = Math.max(maxY, data.y[i]);
    }
    if (n === 0) { minX = minY = -1; maxX = maxY = 1; }
    view.cx = (minX + maxX) / 2;
    view.cy = (minY + maxY) / 2;
    const spanX = Math.max(maxX - minX, 1e-9), spanY = Math.max(maxY - minY, 1e-9);
    view.scale = fitScale = 0.92 * Math.min(view.w / spanX, view.h / spanY);
    redraw();
  }

  // focus centres the view on points and zooms so they fill about half of
  // it, within 1 to 40 times the fitted scale.
  function focus(points) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const i of points) {
      minX = Math.min(minX, data.x[i]); maxX = Math.max(maxX, data.x[i]);
      minY = Math.min(minY, data.y[i]); maxY = Math.max(maxY, data.y[i]);
    }
    view.cx = (minX + maxX) / 2;
    view.cy = (minY + maxY) / 2;
    const want = 0.5 * Math.min(view.w / Math.max(maxX - minX, 1e-9), view.h / Math.max(maxY - minY, 1e-9));
    view.scale = Math.min(Math.max(want, fitScale), 40 * fitScale);
  }

  function resize() {
    const r = canvas.getBoundingClientRect();
    view.w = Math.max(r.width, 1);
    view.h = Math.max(r.height, 1);
    view.dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(view.w * view.dpr);
    canvas.height = Math.round(view.h * view.dpr);
    redraw();
  }

  function redraw() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(draw);
    }
  }

  function draw() {
    pending = false;
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    ctx.clearRect(0, 0, view.w, view.h);
    const sx = new Float32Array(n), sy = new Float32Array(n);
    let drawn = 0;
    ctx.fillStyle = "rgba(60, 105, 170, 0.7)";
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const [x, y] = toScreen(i);
      sx[i] = x; sy[i] = y;
      if (x < -RADIUS || y < -RADIUS || x > view.w + RADIUS || y > view.h + RADIUS) continue;
      ctx.moveTo(x + RADIUS, y);
      ctx.arc(x, y, RADIUS, 0, 2 * Math.PI);
      drawn++;
    }
    ctx.fill();

    const hi = api.highlighted;
    if (selected >= 0) {
      ctx.strokeStyle = "rgba(230, 120, 20, 0.6)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const j of hi.slice(1)) {
        ctx.moveTo(sx[selected], sy[selected]);
        ctx.lineTo(sx[j], sy[j]);
      }
      ctx.stroke();
      for (const j of hi.slice(1)) dot(sx[j], sy[j], 4.5, "#f28e2b");
      dot(sx[selected], sy[selected], 6, "#d62728");
    }
    if (hovered >= 0) dot(sx[hovered], sy[hovered], 4.5, "#2ca02c");

    // Labels, greedily: highlighted and hovered first, then in point order,
    // each only where it overlaps no label already placed.
    const cols = Math.ceil(view.w / CELL) + 1, rows = Math.ceil(view.h / CELL) + 1;
    const taken = new Uint8Array(cols * rows);
    let labels = 0;
    // always: the selected and hovered labels go down even over others.
    const place = (i, strong, always) => {
      const x = sx[i] + RADIUS + 3, y = sy[i];
      const w = labelWidth(i) * (strong ? 1.15 : 1), h = LABEL_PX * (strong ? 1.3 : 1.1);
      if (x > view.w || y + h / 2 < 0 || y - h / 2 > view.h || x + w < 0) return;
      const c0 = Math.max(0, Math.floor(x / CELL)), c1 = Math.min(cols - 1, Math.floor((x + w) / CELL));
      const r0 = Math.max(0, Math.floor((y - h / 2) / CELL)), r1 = Math.min(rows - 1, Math.floor((y + h / 2) / CELL));
      if (!always) {
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (taken[r * cols + c]) return;
      }
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) taken[r * cols + c] = 1;
      if (strong) {
        ctx.font = `bold ${Math.round(LABEL_PX * 1.15)}px ${FONT}`;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
        ctx.strokeText(data.label[i], x, y);
        ctx.fillStyle = i === selected ? "#b11" : (i === hovered ? "#164" : "#8a4a00");
      } else {
        ctx.font = `${LABEL_PX}px ${FONT}`;
        ctx.fillStyle = "#333";
      }
      ctx.fillText(data.label[i], x, y);
      labels++;
    };
    ctx.textBaseline = "middle";
    if (selected >= 0) place(selected, true, true);
    if (hovered >= 0 && hovered !== selected) place(hovered, true, true);
    for (const j of hi.slice(1)) if (j !== hovered) place(j, true, false);
    // Pinned points (the words a map was asked for) are always labelled.
    for (const j of data.pin || []) if (j !== selected && j !== hovered) place(j, false, true);
    for (let i = 0; i < n; i++) {
      if (i !== hovered && !(selected >= 0 && hi.includes(i))) place(i, false);
    }
    api.drawn = drawn;
    api.labelsDrawn = labels;
    api.frames++;
    api.ready = true;
  }

  function dot(x, y, r, color) {
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fill();
  }

  // select highlights point i and its neighbours; -1 clears.
  function select(i) {
    selected = i;
    api.selected = i;
    api.highlighted = i >= 0 ? [i, ...data.nbr[i]] : [];
    list.replaceChildren();
    if (i < 0) {
      panel.hidden = true;
      redraw();
      return;
    }
    panelTitle.textContent = `${data.label[i]} — id ${data.id[i]}, ${data.nbr[i].length} nearest`;
    data.nbr[i].forEach((j, r) => {
      const li = document.createElement("li");
      li.textContent = data.label[j];
      const d = document.createElement("span");
      d.className = "d";
      d.textContent = data.dist[i][r].toFixed(3);
      li.append(d);
      li.addEventListener("click", () => { search.value = data.label[j]; select(j); });
      list.append(li);
    });
    panel.hidden = false;
    focus(api.highlighted);
    redraw();
  }

  // runSearch finds a token: exact match while typing; on Enter also
  // case-insensitive and then prefix matches.
  function runSearch(q, submitted) {
    q = q.trim();
    search.classList.remove("missing");
    status.textContent = "";
    if (q === "") { select(-1); return -1; }
    let i = byLabel.has(q) ? byLabel.get(q) : -1;
    if (i < 0 && submitted) {
      const lq = q.toLowerCase();
      i = data.label.findIndex((s) => s.toLowerCase() === lq);
      if (i < 0) i = data.label.findIndex((s) => s.toLowerCase().startsWith(lq));
    }
    if (i < 0) {
      if (submitted) {
        search.classList.add("missing");
        status.textContent = `“${q}” is not on this map`;
      }
      return -1;
    }
    select(i);
    return i;
  }

  search.addEventListener("input", () => runSearch(search.value, false));
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runSearch(search.value, true);
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { search.value = ""; runSearch("", true); }
  });
  document.getElementById("fit").addEventListener("click", fit);

  // nearest returns the point within 8 px of (x, y), or -1.
  function nearest(x, y) {
    let best = -1, bestD = 64;
    for (let i = 0; i < n; i++) {
      const [px, py] = toScreen(i);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function showTip(i, x, y) {
    if (i < 0) { tip.hidden = true; return; }
    const b = document.createElement("b");
    b.textContent = data.label[i];
    tip.replaceChildren(b, document.createElement("br"),
      document.createTextNode(`id ${data.id[i]} · norm ${data.norm[i].toFixed(3)}`));
    tip.hidden = false;
    tip.style.left = `${Math.min(x + 14, view.w - tip.offsetWidth - 4)}px`;
    tip.style.top = `${Math.min(y + 14, view.h - tip.offsetHeight - 4)}px`;
  }

  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    const mx = e.clientX - r.left, my = e.clientY - r.top;
    const [wx, wy] = toWorld(mx, my);
    view.scale *= Math.exp(-e.deltaY * 0.0015);
    view.cx = wx - (mx - view.w / 2) / view.scale;
    view.cy = wy + (my - view.h / 2) / view.scale;
    redraw();
  }, { passive: false });

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    const r = canvas.getBoundingClientRect();
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
        drag.moved = true;
        canvas.classList.add("dragging");
        view.cx -= dx / view.scale;
        view.cy += dy / view.scale;
        drag.x = e.clientX; drag.y = e.clientY;
        tip.hidden = true;
        redraw();
        return;
      }
    }
    const i = nearest(e.clientX - r.left, e.clientY - r.top);
    if (i !== hovered) { hovered = i; redraw(); }
    showTip(i, e.clientX - r.left, e.clientY - r.top);
  });
  canvas.addEventListener("pointerup", (e) => {
    if (drag && !drag.moved) {
      const r = canvas.getBoundingClientRect();
      const i = nearest(e.clientX - r.left, e.clientY - r.top);
      if (i >= 0) { search.value = data.label[i]; select(i); }
    }
    drag = null;
    canvas.classList.remove("dragging");
  });
  canvas.addEventListener("pointerleave", () => {
    if (hovered >= 0) { hovered = -1; redraw(); }
    tip.hidden = true;
  });

  document.getElementById("caption").textContent = data.caption;
  new ResizeObserver(() => {
    const first = view.w === 0;
    resize();
    if (first) fit();
  }).observe(canvas);
})();
