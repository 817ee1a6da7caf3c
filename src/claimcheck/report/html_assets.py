"""The HTML report's inline style and script, and the Content-Security-Policy that admits
exactly these two (by hash) and nothing else."""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--fg:#1d232a;--muted:#5b6570;--bg:#fff;--panel:#f5f7f9;--line:#d8dee4;--mark:#ffe27a;
--supported:#1a7f37;--approximate:#0a7c86;--contradicted:#cf222e;--unsupported:#bc4c00;
--unverifiable:#9a6700;--uncited:#8250df}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9aa5b1;--bg:#0d1117;
--panel:#161b22;--line:#30363d;--mark:#6e5600;--supported:#3fb950;--approximate:#39c5cf;
--contradicted:#ff7b72;--unsupported:#f0883e;--unverifiable:#d29922;--uncited:#bc8cff}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:78rem;padding:1rem 1.5rem 3rem;color:var(--fg);background:var(--bg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
[hidden]{display:none!important}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;word-break:break-all}
h3{font-size:1rem;margin:0;display:inline}
a{color:inherit}.meta,.where,.about,.detail,.muted{color:var(--muted)}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:1rem 0}
.counts li{border:1px solid var(--line);border-left:4px solid currentColor;border-radius:6px;
padding:.3rem .8rem;background:var(--panel)}
.counts .n{font-size:1.4rem;font-weight:700;margin-right:.3rem}
.v-supported{color:var(--supported)}.v-approximate{color:var(--approximate)}
.v-contradicted{color:var(--contradicted)}.v-unsupported{color:var(--unsupported)}
.v-unverifiable{color:var(--unverifiable)}.v-uncited{color:var(--uncited)}
.counts li span.label{color:var(--fg)}.counts a{text-decoration:none;color:inherit}
td.fig .about,td.fig .where{font-weight:400}
.filter{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;padding:.6rem .8rem;
border:1px solid var(--line);border-radius:6px;position:sticky;top:0;background:var(--bg);z-index:1}
.filter button{font:inherit;padding:.1rem .6rem;border:1px solid var(--line);border-radius:4px;
background:var(--panel);color:var(--fg);cursor:pointer}
.claim{border:1px solid var(--line);border-left:4px solid currentColor;border-radius:6px;
margin:.8rem 0;padding:.6rem .9rem;background:var(--panel)}
.claim>*{color:var(--fg)}.claim>header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
.badge{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:0 .5rem;
font-size:.8rem;font-weight:600;white-space:nowrap}
.badge.neutral{color:var(--muted)}.badge.new{color:var(--contradicted)}
.text{margin:.4rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-top:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted)}
td.fig{white-space:nowrap;font-weight:600}
blockquote{margin:0;padding-left:.6rem;border-left:3px solid var(--line);max-width:36rem}
mark{background:var(--mark);color:inherit;padding:0 .1rem;border-radius:2px;font-weight:600}
code{font-size:.85em}.sha{font-family:ui-monospace,monospace;font-size:.8rem}
.notice{padding:.4rem .8rem;border:1px solid var(--line);border-radius:6px;margin:.4rem 0}
.notice.warn{border-left:4px solid var(--unverifiable)}
.nothing{font-size:1.1rem;border-left:4px solid var(--contradicted)}
tr.review td{border-top:0;padding-top:0}
.review pre{margin:.3rem 0;padding:.4rem .6rem;background:var(--bg);border:1px solid var(--line);
border-radius:4px;white-space:pre-wrap}
.review button{font:inherit;font-size:.8rem;padding:0 .5rem;border:1px solid var(--line);
border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
.review summary{cursor:pointer;color:var(--muted)}.closest{font-size:.8rem}
@media print{.filter,.review button{display:none}}
""".strip()

# applies the verdict filter; reads #only=a,b (or ?only=a,b; "failing" = the run's fail-on list)
JS = """
// copy buttons of the review rows; without a clipboard (or without JS) the text is selectable
(function () {
  "use strict";
  function say(button, text) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = text;
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  function bySelection(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand("copy"); } catch (err) { return false; }
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (b) {
    var node = document.getElementById(b.getAttribute("data-copy"));
    if (!node) { return; }
    b.hidden = false;
    b.addEventListener("click", function () {
      var done = function (ok) { say(b, ok ? "copied" : "selected: press Ctrl+C"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(node.textContent).then(
          function () { done(true); }, function () { done(bySelection(node)); });
      } else {
        done(bySelection(node));
      }
    });
  });
})();

// the verdict filter
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=verdict]"));
  var claims = Array.prototype.slice.call(document.querySelectorAll("article.claim"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var shown = document.getElementById("shown");
  var failOn = (form.getAttribute("data-fail-on") || "").split(",");
  function choose(names) {
    var want = [];
    names.forEach(function (n) { want = want.concat(n === "failing" ? failOn : [n]); });
    boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
  }
  function fromUrl() {
    var m = /(?:^#|&)only=([a-z,]*)/.exec(location.hash) ||
      /(?:^\\?|&)only=([a-z,]*)/.exec(location.search);
    if (m) { choose(m[1].split(",")); }
  }
  function apply(remember) {
    var on = {}, picked = [], n = 0;
    boxes.forEach(function (b) { if (b.checked) { on[b.value] = true; picked.push(b.value); } });
    claims.forEach(function (c) {
      var show = on[c.getAttribute("data-verdict")] === true;
      c.hidden = !show;
      if (show) { n += 1; }
    });
    files.forEach(function (s) { s.hidden = !s.querySelector("article.claim:not([hidden])"); });
    var all = picked.length === boxes.length;
    shown.textContent = n + " of " + claims.length + " claims shown";
    document.documentElement.setAttribute("data-filter", all ? "all" : picked.join(","));
    if (remember) {
      try {
        history.replaceState(null, "", all ? location.pathname + location.search
          : "#only=" + picked.join(","));
      } catch (err) { /* some file: URLs refuse it; the filter still works */ }
    }
  }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("click", function (ev) {
    var preset = ev.target.getAttribute && ev.target.getAttribute("data-preset");
    if (!preset) { return; }
    choose(preset === "all" ? boxes.map(function (b) { return b.value; }) : [preset]);
    apply(true);
  });
  window.addEventListener("hashchange", function () { fromUrl(); apply(false); });
  form.hidden = false;
  fromUrl();
  apply(false);
})();
""".strip()


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


CSP = (
    f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(JS)}'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
