/**
 * The HTML report's inline style and script. Kept as plain strings so the report stays one file and
 * the build needs no asset copying. The script builds every element with textContent (report data is
 * never parsed as HTML) and renders lazily: rows in batches of 100, a page's steps on first open.
 */

export const HTML_STYLE = String.raw`
:root{--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0969da;
--passed:#1a7f37;--failed:#cf222e;--error:#bc4c00;--unexpected-pass:#bf3989;--blocked:#9a6700;--unverified:#8250df;--expected-failure:#0e7490;--skipped:#6e7781}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--accent:#4493f8;
--passed:#3fb950;--failed:#f85149;--error:#db6d28;--unexpected-pass:#db61a2;--blocked:#d29922;--unverified:#a371f7;--expected-failure:#39c5cf;--skipped:#9198a1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
#app{max-width:1180px;margin:0 auto;padding:20px 16px 60px}
h1{font-size:22px;margin:0 0 2px}
.meta{color:var(--muted);font-size:13px;margin-bottom:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(118px,1fr));gap:8px;margin-bottom:14px}
.card{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c,var(--line));border-radius:8px;padding:8px 10px;cursor:pointer;text-align:left;color:inherit;font:inherit}
.card:hover{border-color:var(--c,var(--accent))}
.card.on{outline:2px solid var(--c,var(--accent));outline-offset:-1px}
.card .n{font-size:22px;font-weight:650;display:block;line-height:1.2}
.card .l{color:var(--muted);font-size:12px}
.card.zero{opacity:.55}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin-bottom:14px}
.panel h2{font-size:14px;margin:0 0 6px}
.panel ul{margin:4px 0 0;padding-left:18px}
.toolbar{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:8px;align-items:center;background:var(--bg);padding:8px 0;border-bottom:1px solid var(--line);margin-bottom:10px}
.toolbar input[type=search]{flex:1 1 260px;min-width:180px;padding:7px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit}
.toolbar select,.toolbar button{padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit;cursor:pointer}
.toolbar button.on{border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.count{color:var(--muted);font-size:13px;margin-left:auto}
.badge{display:inline-block;min-width:92px;text-align:center;font-size:11.5px;font-weight:600;padding:1px 8px;border-radius:999px;color:#fff;background:var(--c);white-space:nowrap}
.k-passed{--c:var(--passed)}.k-failed{--c:var(--failed)}.k-error{--c:var(--error)}.k-unexpected-pass{--c:var(--unexpected-pass)}
.k-blocked{--c:var(--blocked)}.k-unverified{--c:var(--unverified)}.k-expected-failure{--c:var(--expected-failure)}.k-skipped{--c:var(--skipped)}
.row{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c);border-radius:8px;margin-bottom:6px}
.row>summary{list-style:none;cursor:pointer;padding:8px 12px;display:grid;grid-template-columns:auto 1fr auto;gap:2px 10px;align-items:center}
.row>summary::-webkit-details-marker{display:none}
.row>summary .title{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row>summary .variant{color:var(--muted);font-weight:400}
.row>summary .dur{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.row>summary .sub{grid-column:2/4;color:var(--muted);font-size:12.5px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row>summary .sub .msg{color:var(--fg)}
.row[open]>summary{border-bottom:1px solid var(--line)}
.body{padding:10px 14px 12px}
.facts{color:var(--muted);font-size:12.5px;margin-bottom:8px;display:flex;flex-wrap:wrap;gap:4px 16px}
.steps{list-style:none;margin:0;padding:0}
.step{border-left:3px solid var(--c);padding:4px 0 6px 10px;margin:0 0 8px}
.step .head{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.step .badge{min-width:70px}
.kind{font-weight:600}
.tab{display:inline-block;font-size:11.5px;border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted)}
.step .msg{margin:4px 0}
.ea{border-collapse:collapse;margin:6px 0;font-size:13px}
.ea th,.ea td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
.ea th{color:var(--muted);font-weight:500}
.ea td.bad{color:var(--failed);font-weight:600}
.note{font-size:12.5px;color:var(--unverified)}
details.x{margin:4px 0}
details.x>summary{cursor:pointer;color:var(--accent);font-size:12.5px}
pre{margin:4px 0;padding:8px 10px;background:var(--bg);border:1px solid var(--line);border-radius:6px;overflow:auto;max-height:360px;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
a{color:var(--accent)}
.src{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.diag{font-size:12.5px;margin:3px 0}
.more{display:block;margin:12px auto;padding:8px 16px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);cursor:pointer}
.empty{color:var(--muted);text-align:center;padding:30px}
`;

export const HTML_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("docval-data").textContent);
  var ORDER = ["failed", "error", "unexpected-pass", "blocked", "unverified", "expected-failure", "skipped", "passed"];
  var FAILING = ["failed", "error", "unexpected-pass"];
  var BATCH = 100;
  var state = { verdicts: [], product: "", q: "" };
  var rank = {};
  ORDER.forEach(function (v, i) { rank[v] = i; });
  var pages = data.pages.slice().sort(function (a, b) {
    return rank[a.k] - rank[b.k] || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0) || (a.v < b.v ? -1 : 1);
  });
  pages.forEach(function (p) { p._s = (p.t + " " + p.f + " " + p.i + " " + p.v + " " + (p.m || "") + " " + (p.r || "")).toLowerCase(); });

  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v);
    }
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return el;
  }
  function dur(ms) {
    if (ms < 1000) return Math.round(ms) + "ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + "s";
    return Math.floor(ms / 60000) + "m" + String(Math.round((ms % 60000) / 1000)).padStart(2, "0") + "s";
  }
  function enc(file) { return file.split("/").map(encodeURIComponent).join("/"); }
  function href(file, line) {
    if (data.sourceBaseUrl) return data.sourceBaseUrl.replace(/\/+$/, "") + "/" + enc(file) + (line ? "#L" + line : "");
    if (typeof data.linkBase === "string") return data.linkBase + enc(file);
    return null;
  }
  function src(file, line) {
    var label = file + (line ? ":" + line : "");
    var u = href(file, line);
    return u ? h("a", { class: "src", href: u, target: "_blank", rel: "noopener" }, [label]) : h("code", { class: "src" }, [label]);
  }
  function badge(k) { return h("span", { class: "badge k-" + k }, [k]); }
  function count(k) { return (data.summary.counts && data.summary.counts[k]) || 0; }

  var app = document.getElementById("app");
  app.textContent = "";
  var m = data.meta;
  var metaBits = ["docval " + m.docvalVersion];
  if (m.target) metaBits.push(m.target.kind + " gateway " + m.target.version + (m.target.database === "off" ? " (DB-less)" : ""));
  if (m.shard) metaBits.push("shard " + m.shard.index + "/" + m.shard.total);
  metaBits.push("started " + new Date(data.summary.start).toLocaleString());
  metaBits.push("took " + dur(data.summary.durationMs));
  if (data.summary.interrupted) metaBits.push("INTERRUPTED");
  app.appendChild(h("h1", null, ["docval report"]));
  app.appendChild(h("div", { class: "meta" }, [metaBits.join(" · ")]));

  var cards = h("div", { class: "cards", role: "group", "aria-label": "Verdict counts" });
  var cardEls = {};
  cards.appendChild(h("button", { class: "card", "data-verdict": "all", onclick: function () { setVerdicts([]); } }, [
    h("span", { class: "n" }, [data.summary.total]), h("span", { class: "l" }, ["all variants"])]));
  ORDER.forEach(function (k) {
    var el = h("button", { class: "card k-" + k + (count(k) ? "" : " zero"), "data-verdict": k, onclick: function () { setVerdicts(state.verdicts.length === 1 && state.verdicts[0] === k ? [] : [k]); } }, [
      h("span", { class: "n" }, [count(k)]), h("span", { class: "l" }, [k])]);
    cardEls[k] = el;
    cards.appendChild(el);
  });
  app.appendChild(cards);

  if (data.history) {
    var hist = data.history;
    var panel = h("section", { class: "panel", id: "history" }, [h("h2", null, ["Since the previous run"])]);
    [["Newly failing", hist.newlyFailing], ["Fixed", hist.fixed], ["Still failing", hist.stillFailing]].forEach(function (g) {
      var ul = h("ul");
      g[1].slice(0, 50).forEach(function (e) { ul.appendChild(h("li", null, [e.label + " ", h("code", { class: "src" }, [e.file])])); });
      if (g[1].length > 50) ul.appendChild(h("li", null, ["… " + (g[1].length - 50) + " more"]));
      panel.appendChild(h("div", null, [h("strong", null, [g[0] + ": " + g[1].length]), g[1].length ? ul : null]));
    });
    app.appendChild(panel);
  }
  if (data.diagnostics && data.diagnostics.length) {
    var dp = h("section", { class: "panel" }, [h("h2", null, ["Run diagnostics"])]);
    data.diagnostics.forEach(function (d) { dp.appendChild(diag(d)); });
    app.appendChild(dp);
  }

  var products = {};
  data.pages.forEach(function (p) { p.p.forEach(function (x) { products[x] = 1; }); });
  var search = h("input", { type: "search", placeholder: "Search title, file, message…  ( / )", "aria-label": "Search" });
  var productSel = h("select", { "aria-label": "Product" }, [h("option", { value: "" }, ["All products"])].concat(
    Object.keys(products).sort().map(function (x) { return h("option", { value: x }, [x]); })));
  var failBtn = h("button", { "data-filter": "failures", onclick: function () { setVerdicts(isFailuresOnly() ? [] : FAILING.slice()); } }, ["Failures only"]);
  var countEl = h("span", { class: "count", "aria-live": "polite" });
  app.appendChild(h("div", { class: "toolbar" }, [search, productSel, failBtn, countEl]));
  var list = h("div", { id: "list" });
  app.appendChild(list);
  var more = h("button", { class: "more", onclick: function () { renderMore(); } }, ["Show more"]);
  app.appendChild(more);

  var timer = 0;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { state.q = search.value.trim().toLowerCase(); refresh(); }, 120); });
  productSel.addEventListener("change", function () { state.product = productSel.value; refresh(); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== search) { e.preventDefault(); search.focus(); }
  });

  function isFailuresOnly() {
    return state.verdicts.length === FAILING.length && FAILING.every(function (k) { return state.verdicts.indexOf(k) >= 0; });
  }
  function setVerdicts(v) { state.verdicts = v; refresh(); }

  var shown = [];
  var rendered = 0;
  function refresh() {
    ORDER.forEach(function (k) { cardEls[k].classList.toggle("on", state.verdicts.indexOf(k) >= 0); });
    failBtn.classList.toggle("on", isFailuresOnly());
    shown = pages.filter(function (p) {
      if (state.verdicts.length && state.verdicts.indexOf(p.k) < 0) return false;
      if (state.product && p.p.indexOf(state.product) < 0) return false;
      if (state.q && p._s.indexOf(state.q) < 0) return false;
      return true;
    });
    list.textContent = "";
    rendered = 0;
    if (!shown.length) list.appendChild(h("div", { class: "empty" }, ["No page variants match."]));
    renderMore();
  }
  function renderMore() {
    var frag = document.createDocumentFragment();
    var end = Math.min(shown.length, rendered + BATCH);
    for (var i = rendered; i < end; i++) frag.appendChild(row(shown[i]));
    list.appendChild(frag);
    rendered = end;
    more.style.display = rendered < shown.length ? "" : "none";
    countEl.textContent = "Showing " + shown.length + " of " + pages.length;
  }
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting && rendered < shown.length) renderMore();
    }, { rootMargin: "600px" }).observe(more);
  }

  function row(p) {
    var sub = h("div", { class: "sub" }, [h("span", { class: "src" }, [p.f]), p.m ? " — " : null, p.m ? h("span", { class: "msg" }, [p.m]) : null]);
    var d = h("details", { class: "row k-" + p.k, "data-verdict": p.k, "data-file": p.f }, [
      h("summary", null, [badge(p.k), h("span", { class: "title" }, [p.t + " ", h("span", { class: "variant" }, ["[" + p.v + "]"])]), h("span", { class: "dur" }, [dur(p.d)]), sub])]);
    var filled = false;
    d.addEventListener("toggle", function () { if (d.open && !filled) { filled = true; d.appendChild(body(p)); } });
    return d;
  }

  function body(p) {
    var b = h("div", { class: "body" });
    b.appendChild(h("div", { class: "facts" }, [
      h("span", null, ["page ", src(p.w.file === p.f ? p.f : p.f, null)]),
      p.w.line ? h("span", null, ["failing block ", src(p.w.file, p.w.line)]) : null,
      h("span", null, ["permalink " + p.i]),
      h("span", null, ["products " + p.p.join(", ")]),
    ]));
    if (p.r) b.appendChild(h("div", { class: "diag" }, [h("strong", null, ["Reason: "]), p.r]));
    if (p.e) b.appendChild(h("div", { class: "diag" }, [h("strong", null, ["Missing env: "]), p.e.join(", ")]));
    p.g.forEach(function (d) { b.appendChild(diag(d)); });
    if (!p.s.length) { b.appendChild(h("div", { class: "diag" }, ["No steps ran."])); return b; }
    var ol = h("ol", { class: "steps" });
    p.s.forEach(function (s) { ol.appendChild(step(s)); });
    b.appendChild(ol);
    return b;
  }

  function step(s) {
    var bad = s.verdict === "failed" || s.verdict === "error";
    var li = h("li", { class: "step k-" + s.verdict }, [
      h("div", { class: "head" }, [badge(s.verdict), h("span", { class: "kind" }, ["step " + (s.index + 1) + " · " + s.kind + (s.type ? " " + s.type : "")]),
        (s.tabs || []).length ? h("span", null, s.tabs.map(function (t) { return h("span", { class: "tab" }, [t]); })) : null,
        src(s.source.file, s.source.line), h("span", { class: "dur" }, [dur(s.durationMs)])])]);
    if (s.message) li.appendChild(h("div", { class: "msg" }, [s.message]));
    var ea = expectedActual(s);
    if (ea) li.appendChild(ea);
    if (s.unemulated && s.unemulated.length) li.appendChild(h("div", { class: "note" }, ["Not emulated on this path: " + s.unemulated.join(", ")]));
    (s.diagnostics || []).forEach(function (d) { if (d.message !== s.message) li.appendChild(diag(d)); });
    var ex = s.exchange;
    if (ex) {
      var q = ex.request;
      var reqText = [q.method + " " + q.url].concat(Object.keys(q.headers).map(function (k) { return k + ": " + q.headers[k]; }));
      if (q.body) reqText.push("", q.body);
      li.appendChild(h("details", { class: "x", open: bad ? "" : null }, [h("summary", null, ["Request: " + q.method + " " + q.url]), h("pre", null, [reqText.join("\n")])]));
      if (ex.response) {
        var r = ex.response;
        var resText = Object.keys(r.headers).map(function (k) { return k + ": " + r.headers[k]; });
        resText.push("", r.bodyExcerpt);
        li.appendChild(h("details", { class: "x" }, [h("summary", null, ["Response: " + r.status + " · " + dur(r.durationMs)]), h("pre", null, [resText.join("\n")])]));
      }
      if (ex.error) li.appendChild(h("div", { class: "diag" }, ["Transport error " + ex.error.code + ": " + ex.error.message]));
    }
    if (s.curl) li.appendChild(h("details", { class: "x" }, [h("summary", null, ["Reproduce with curl"]), h("pre", null, [s.curl])]));
    return li;
  }

  function expectedActual(s) {
    var e = s.expected || {}, a = s.actual || {};
    var rows = [];
    if (e.status !== undefined || a.status !== undefined) rows.push(["status", e.status, a.status]);
    if (e.message !== undefined || a.message !== undefined) rows.push(["message", e.message, a.message]);
    Object.keys(e.headers || {}).forEach(function (k) { rows.push(["header " + k, e.headers[k] === null ? "(absent)" : e.headers[k], a.headers ? a.headers[k] : undefined]); });
    if (!rows.length) return null;
    return h("table", { class: "ea" }, [h("tr", null, [h("th", null, [""]), h("th", null, ["expected"]), h("th", null, ["actual"])])].concat(rows.map(function (r) {
      var differ = r[1] !== undefined && String(r[1]) !== String(r[2]);
      return h("tr", null, [h("th", null, [r[0]]), h("td", null, [r[1] === undefined ? "(any)" : String(r[1])]), h("td", { class: differ ? "bad" : null }, [r[2] === undefined ? "(none)" : String(r[2])])]);
    })));
  }

  function diag(d) {
    return h("div", { class: "diag" }, [h("strong", null, [d.message]), " ", h("code", null, [d.code]), d.source ? " " : null, d.source ? src(d.source.file, d.source.line) : null, d.hint ? h("div", null, ["hint: " + d.hint]) : null]);
  }

  refresh();
})();
`;
