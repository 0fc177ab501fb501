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
