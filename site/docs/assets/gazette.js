// The page's language (the Chinese site, or the English one under en/) and this site's root,
// from the address of this script: the site's own links (/documents/…, as the API gives them)
// are opened in the reader's language.
window.gzEnglish = document.documentElement.lang === "en";
window.gzHere = function (url) {
  var script = document.querySelector('script[src$="assets/gazette.js"]');
  var root = script ? script.getAttribute("src").replace(/assets\/gazette\.js$/, "") : "/";
  return url && url.charAt(0) === "/" && url.indexOf("/api/") !== 0 ? root + url.slice(1) : url;
};

// Copy-citation buttons: put the citation on the clipboard; the full form (data-anchor)
// ends with the provision's permanent address on this page.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".gz-copy");
  if (!button) return;
  var text = button.getAttribute("data-citation"), anchor = button.getAttribute("data-anchor");
  if (anchor) text += "，" + location.origin + location.pathname + "#" + anchor;
  var label = button.dataset.label || (button.dataset.label = button.textContent);
  var done = function () {
    button.textContent = window.gzEnglish ? "Copied" : "已复制";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, done);
  } else {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing to do */ }
    document.body.removeChild(area); done();
  }
});

// Served by `gazette serve`? Then the search box asks the API (hybrid, Chinese and
// English) instead of the static index; on a plain static host nothing changes.
(function () {
  var root = document.documentElement, en = window.gzEnglish;
  function escapeText(text) { var span = document.createElement("span"); span.textContent = text; return span; }
  function render(container, payload) {
    container.textContent = "";
    var meta = document.createElement("div");
    meta.className = "md-search-result__meta";
    meta.textContent = payload.hits.length ? (en ? payload.hits.length + " results (hybrid search)"
      : payload.hits.length + " 条结果（混合检索）") : (en ? "No results" : "没有结果");
    container.appendChild(meta);
    var all = document.createElement("a");
    all.className = "gz-all-results";
    all.href = window.gzHere("/search/?query=" + encodeURIComponent(payload.query || ""));
    all.textContent = en ? "All results, filters and sorting →" : "全部结果、筛选与排序 →";
    container.appendChild(all);
    var list = document.createElement("ol");
    list.className = "gz-api-list";
    payload.hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.className = "gz-api-hit";
      var link = document.createElement("a");
      link.href = window.gzHere(hit.url);
      link.appendChild(escapeText("《" + hit.document.title + "》 " + (hit.path.concat([hit.label]).join(" › "))));
      var snippet = document.createElement("p");
      snippet.appendChild(escapeText(hit.snippet));
      item.appendChild(link);
      item.appendChild(snippet);
      list.appendChild(item);
    });
    container.appendChild(list);
  }
  function attach() {
    var input = document.querySelector(".md-search__input");
    var output = document.querySelector(".md-search__output");
    if (!input || !output || input.dataset.gzApi) return;
    input.dataset.gzApi = "1";
    var container = document.createElement("div");
    container.className = "gz-api-results";
    output.insertBefore(container, output.firstChild);
    var timer = null, serial = 0;
    function run() {
      var query = input.value.trim();
      var mine = ++serial;
      if (!query) { container.textContent = ""; return; }
      fetch("/api/search?k=10&q=" + encodeURIComponent(query))
        .then(function (response) { return response.ok ? response.json() : { hits: [] }; })
        .then(function (payload) { if (mine === serial) render(container, payload); })
        .catch(function () { container.textContent = ""; });
    }
    ["input", "keyup"].forEach(function (name) {
      input.addEventListener(name, function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    });
  }
  fetch("/api/health", { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (health) {
      if (!health || health.status !== "ok") return;
      root.classList.add("gz-api");
      attach();
      document.addEventListener("DOMContentLoaded", attach);
    })
    .catch(function () { /* a static host: keep the built-in search */ });
})();

// Status badges: written for the day the site was built; recomputed here for today.
(function () {
  var names = window.gzEnglish
    ? { in_force: "In force", not_yet_in_force: "Not yet in force", expired: "Expired", repealed: "Repealed" }
    : { in_force: "现行有效", not_yet_in_force: "尚未施行", expired: "已失效", repealed: "已废止" };
  function today() { var d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
  function statusOn(dates, day) {
    if (dates.repealed && day >= dates.repealed) return "repealed";
    if (dates.effective && day < dates.effective) return "not_yet_in_force";
    if (dates.expires && day > dates.expires) return "expired";
    return "in_force";
  }
  function restyle(node, prefix, status) {
    Array.prototype.slice.call(node.classList).forEach(function (c) { if (c.indexOf(prefix) === 0) node.classList.remove(c); });
    node.classList.add(prefix + status);
  }
  function refresh() {
    var day = today();
    document.querySelectorAll(".gz-status[data-effective], .gz-status[data-expires], .gz-status[data-repealed]")
      .forEach(function (badge) {
        var status = statusOn(badge.dataset, day);
        restyle(badge, "gz-status-", status);
        badge.textContent = names[status];
      });
    document.querySelectorAll(".gz-lapse").forEach(function (banner) {  // 已失效 / 已废止 / 尚未施行
      var status = statusOn(banner.dataset, day), words = banner.getAttribute("data-words-" + status);
      restyle(banner, "gz-lapse-", status);
      banner.hidden = !words;
      banner.querySelector(".gz-lapse-name").textContent = names[status];
      banner.querySelector(".gz-lapse-text").textContent = words || "";
    });
  }
  window.gzStatusOn = statusOn;
  window.gzToday = today;
  document.addEventListener("DOMContentLoaded", refresh);
  if (window.document$) window.document$.subscribe(refresh);  // Material's instant navigation
})();

// The search page (/search/?q=…): the API when served, else the site's own index.
(function () {
  var PAGE = 20;
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function marked(text, spans) {  // text with <mark> around [start, end) spans, built as text nodes
    var out = document.createDocumentFragment(), last = 0;
    (spans || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (s) {
      if (s[0] < last) return;
      out.appendChild(document.createTextNode(text.slice(last, s[0])));
      out.appendChild(el("mark", "", text.slice(s[0], s[1])));
      last = s[1];
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }
  function spansOf(text, terms) {
    var spans = [];
    terms.forEach(function (t) {
      if (!t) return;
      var at = text.indexOf(t);
      while (at >= 0) { spans.push([at, at + t.length]); at = text.indexOf(t, at + t.length); }
    });
    return spans;
  }
  var WORDS = {
    zh: { searching: "检索中……", results: function (n, mode) { return "共 " + n + " 条结果（" + mode + "）"; },
          none: "没有结果", failed: "检索出错，请稍后再试", hybrid: "混合检索", site: "站内索引",
          hid: function (parts) { return "；按效力筛选隐去了 " + parts.join("、") + "的匹配（选择“全部”可显示）"; },
          count: function (n) { return n + " 条"; }, who: "谁负责", parties: "相关单位和个人（受规范的一方）",
          basis: "上位依据", citedBy: function (t) { return "（《" + t + "》所依据）"; },
          titlesOnly: "本站的静态索引只收标题和条文标题（全文过大）；全文检索请通过服务端（gazette serve）访问本站。",
          matched: "匹配的词：" },
    en: { searching: "Searching…", results: function (n, mode) { return n + " results (" + mode + ")"; },
          none: "No results", failed: "The search failed; please try again later", hybrid: "hybrid search",
          site: "this site's index", hid: function (parts) {
            return "; the status filter hid matches in texts that are " + parts.join(", ") + " (choose All to see them)"; },
          count: function (n) { return "(" + n + ")"; }, who: "Who is responsible", parties: "Parties bound by these rules",
          basis: "Resting on", citedBy: function (t) { return " (the basis of 《" + t + "》)"; },
          titlesOnly: "This site's own index holds titles and headings only; search the full text through the server (gazette serve).",
          matched: "Matched terms: " }
  };
  function attach() {
    var form = document.querySelector(".gz-search-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var en = form.dataset.lang === "en", T = WORDS[en ? "en" : "zh"];
    var root = document.querySelector('script[src$="assets/gazette.js"]').getAttribute("src").replace(/assets\/gazette\.js$/, "");
    var results = document.querySelector(".gz-results"), status = document.querySelector(".gz-search-status");
    var answer = document.querySelector(".gz-answer"), more = document.querySelector(".gz-more");
    var meta = null, staticIndex = null, titlesOnly = false, api = document.documentElement.classList.contains("gz-api");
    var hits = [], shown = 0, serial = 0, glosses = {};
    function statusName(status) { return (en ? meta.status_names_en : meta.status_names)[status] || ""; }
    function load(url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); }); }
    function params() {
      var p = {};
      ["query", "status", "type", "issuer", "from", "to", "sort"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) p[name] = value;
      });
      return p;
    }
    function fromUrl() {
      var url = new URLSearchParams(location.search);
      ["query", "status", "type", "issuer", "from", "to", "sort"].forEach(function (name) {
        if (url.get(name)) form.elements[name].value = url.get(name);
      });
    }
    var hidden = {};
    function keep(hit, p) {
      var doc = meta.documents[hit.document.id] || {};
      var st = hit.status || window.gzStatusOn(doc, window.gzToday());
      hit.status = st;
      if (p.status && st !== p.status) { hidden[st] = (hidden[st] || 0) + 1; return false; }
      if (p.type && doc.type !== p.type) return false;
      if (p.issuer && doc.issuer !== p.issuer) return false;
      if (p.from && (!doc.date || doc.date < p.from)) return false;
      if (p.to && (!doc.date || doc.date > p.to)) return false;
      return true;
    }
    function viaApi(p) {
      return load("/api/search?all=true&k=100" + (en ? "&explain=true" : "") + "&q=" + encodeURIComponent(p.query))
        .then(function (payload) {
        return { hits: payload.hits, answer: payload.answer, mode: T.hybrid, warnings: payload.warnings || [],
                 glosses: payload.glosses || {} };
      });
    }
    function viaIndex(p) {
      var ready = staticIndex ? Promise.resolve(staticIndex) : load(root + "search/search_index.json").then(function (data) {
        staticIndex = data.docs.filter(function (d) { return d.location.indexOf("documents/") === 0; });
        titlesOnly = !!(data.config && data.config.gazette_titles_only);
        return staticIndex;
      });
      return ready.then(function (docs) {
        var terms = p.query.split(/\s+/).filter(Boolean), found = [];
        docs.forEach(function (d) {
          var text = ((d.text || "") + " " + d.title).replace(/<[^>]*>/g, "").replace(/\u200b/g, ""), score = 0;
          terms.forEach(function (t) { var n = text.split(t).length - 1; score += n ? 10 + n : 0; });
          if (!score || terms.some(function (t) { return text.indexOf(t) < 0; })) return;
          var id = d.location.split("/")[1], anchor = d.location.split("#")[1] || "";
          var first = Math.max(0, text.indexOf(terms[0]) - 40), snippet = text.slice(first, first + 160);
          found.push({ url: "/" + d.location, document: { id: id, title: (meta.documents[id] || {}).title || id },
                       label: d.title.replace(/<[^>]*>/g, "").replace(/\u200b/g, ""), path: [], score: score,
                       snippet: snippet, highlights: spansOf(snippet, terms), anchor: anchor });
        });
        found.sort(function (a, b) { return b.score - a.score; });
        return { hits: found, answer: null, mode: T.site, warnings: titlesOnly ? [T.titlesOnly] : [], glosses: {} };
      });
    }
    function render() {
      var stop = Math.min(hits.length, shown + PAGE);
      for (var i = shown; i < stop; i++) {
        var hit = hits[i], doc = meta.documents[hit.document.id] || {};
        var item = el("li", "gz-hit"), link = el("a", "gz-hit-title");
        link.href = window.gzHere(hit.url);
        var where = [].concat(hit.path || [], hit.label ? [hit.label] : []).join(" › ");
        link.textContent = "《" + hit.document.title + "》" + (where ? " " + where : "");
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", "gz-status gz-status-" + hit.status, statusName(hit.status)));
        var line = [(en ? meta.type_names_en : meta.type_names)[doc.type] || "", doc.issuer_name || doc.issuer || "",
                    doc.date || ""]
          .filter(Boolean).join(" · ");
        item.appendChild(el("div", "gz-hit-meta", line));
        var snippet = el("p");
        snippet.appendChild(marked(hit.snippet || "", hit.highlights));
        snippet.lang = "zh";
        item.appendChild(snippet);
        var pairs = (hit.matched || []).slice();
        Object.keys(glosses).forEach(function (t) {  // the glossary's terms the question was searched by
          if ((hit.snippet || "").indexOf(t) >= 0 && glosses[t].length && !pairs.some(function (p) { return p[0] === t; }))
            pairs.push([t, glosses[t][0]]);
        });
        if (pairs.length) {  // an English question: the English of the Chinese words it matched
          item.appendChild(el("div", "gz-glosses", T.matched + pairs.map(function (p) { return p[0] + " = " + p[1]; })
            .join(" · ")));
        }
        results.appendChild(item);
      }
      shown = stop;
      more.hidden = shown >= hits.length;
    }
    function showAnswer(card) {
      answer.textContent = "";
      var groups = [[T.who, (card && card.actors) || []], [T.parties, (card && card.parties) || []]];
      answer.hidden = !(groups[0][1].length || groups[1][1].length);
      if (answer.hidden) return;
      var basis = (card && card.basis) || [];
      groups.forEach(function (group) {
        if (!group[1].length) return;
        answer.appendChild(el(group === groups[0] ? "h2" : "h3", "", group[0]));
        var list = el("ul");
        group[1].forEach(function (actor) {
          var english = (meta.agency_names || {})[actor.agency];
          var item = el("li"), link = el("a", "", actor.agency + (en && english ? " (" + english + ")" : ""));
          link.href = window.gzHere(actor.url);
          item.appendChild(link);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(el("span", "gz-status gz-status-" + actor.status, statusName(actor.status)));
          item.appendChild(document.createTextNode((en ? ": 《" : "：《") + actor.document.title + "》" + [].concat(actor.path || [], [actor.label]).join(" ") + " " + (actor.sentence || "")));
          list.appendChild(item);
        });
        answer.appendChild(list);
      });
      if (!basis.length) return;
      answer.appendChild(el("h3", "", T.basis));
      var works = el("ul");
      basis.forEach(function (work) {
        var item = el("li"), p = work.provision;
        var link = el("a", "", p ? p.citation : "《" + work.document.title + "》");
        link.href = window.gzHere(p ? p.url : work.document.url);
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        if (work.document.level) item.appendChild(el("span", "gz-level", work.document.level));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", "gz-status gz-status-" + work.status, statusName(work.status)));
        item.appendChild(document.createTextNode(T.citedBy(work.cited_by.title) + (p ? " " + p.text.replace(/\s+/g, " ") : "")));
        works.appendChild(item);
      });
      answer.appendChild(works);
    }
    function run(push) {
      var p = params(), mine = ++serial;
      results.textContent = ""; hits = []; shown = 0; more.hidden = true;
      if (push !== false) history.replaceState(null, "", location.pathname + (Object.keys(p).length ? "?" + new URLSearchParams(p) : ""));
      if (!p.query) { status.textContent = ""; showAnswer(null); return; }
      status.textContent = T.searching;
      (api ? viaApi(p) : viaIndex(p)).then(function (payload) {
        if (mine !== serial) return;
        hidden = {};
        glosses = payload.glosses || {};
        hits = payload.hits.filter(function (h) { return keep(h, p); });
        if (p.sort === "date") hits.sort(function (a, b) {
          return ((meta.documents[b.document.id] || {}).date || "").localeCompare((meta.documents[a.document.id] || {}).date || "");
        });
        var hid = Object.keys(hidden).map(function (st) { return (statusName(st) || st) + " " + T.count(hidden[st]); });
        status.textContent = (hits.length ? T.results(hits.length, payload.mode) : T.none +
          (payload.warnings.length ? (en ? ": " : "：") + payload.warnings[0] : "")) + (hid.length ? T.hid(hid) : "");
        showAnswer(payload.answer);
        render();
      }).catch(function () { if (mine === serial) status.textContent = T.failed; });
    }
    load(root + "assets/documents.json").then(function (data) {
      meta = data;
      fromUrl();
      form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
      form.addEventListener("change", function () { run(); });
      more.addEventListener("click", render);
      if (form.elements.query.value) run(false);
    });
  }
  window.gzSearchPage = attach;
  document.addEventListener("DOMContentLoaded", function () {
    // served? then ask the API; decided before the first search runs
    fetch("/api/health").then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; })
      .then(function (health) { if (health && health.status === "ok") document.documentElement.classList.add("gz-api"); attach(); });
  });
})();

// "As it stood on …": the version of an amended work in force on a chosen day.
document.addEventListener("submit", function (event) {
  var form = event.target.closest && event.target.closest(".gz-asof");
  if (!form) return;
  event.preventDefault();
  var day = form.elements.day.value, note = form.querySelector(".gz-asof-note");
  var periods = JSON.parse(form.dataset.periods || "[]");
  var hit = periods.filter(function (p) { return p.from <= day && (!p.to || day < p.to); })[0];
  if (hit) { location.href = hit.url; return; }
  var early = periods.length && day < periods[0].from;
  note.textContent = window.gzEnglish
    ? (early ? "On that day this text was not yet in force, or its text then is not held" : "No text held for that day")
    : (early ? "该日期时本文件的文本尚未收录或尚未施行" : "该日期没有收录的文本");
});
