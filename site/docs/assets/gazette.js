// Copy-citation buttons: put the canonical citation string on the clipboard.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".gz-copy");
  if (!button) return;
  var text = button.getAttribute("data-citation");
  var done = function () { button.textContent = "已复制"; setTimeout(function () { button.textContent = "复制引用"; }, 1500); };
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
  var root = document.documentElement;
  function escapeText(text) { var span = document.createElement("span"); span.textContent = text; return span; }
  function render(container, payload) {
    container.textContent = "";
    var meta = document.createElement("div");
    meta.className = "md-search-result__meta";
    meta.textContent = payload.hits.length ? payload.hits.length + " 条结果（混合检索）" : "没有结果";
    container.appendChild(meta);
    var list = document.createElement("ol");
    list.className = "gz-api-list";
    payload.hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.className = "gz-api-hit";
      var link = document.createElement("a");
      link.href = hit.url;
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
