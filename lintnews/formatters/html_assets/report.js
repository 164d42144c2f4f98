/* lintnews HTML report: one shared tooltip and the filters, by event delegation
   (no listener per highlight, so a report of hundreds of articles stays light). */
(function () {
  "use strict";
  var body = document.body;
  var tip = document.getElementById("tip");
  var hideTimer = null;
  var current = null;

  function hiddenByFilter(m) {
    return body.classList.contains("hide-f-" + m.getAttribute("data-f")) ||
           body.classList.contains("hide-s-" + m.getAttribute("data-s"));
  }
  /* The tooltip shows copies of the finding's entry in the article's list (built once, in HTML). */
  function item(i) {
    var d = document.createElement("div");
    d.className = "item";
    var li = document.getElementById("fi-" + i);
    if (li) for (var c = li.firstChild; c; c = c.nextSibling) {
      if (!(c.classList && c.classList.contains("where"))) d.appendChild(c.cloneNode(true));
    }
    return d;
  }
  function show(mark) {
    clearTimeout(hideTimer);
    var marks = [];
    for (var m = mark; m; m = m.parentElement && m.parentElement.closest("mark.hl")) {
      if (!hiddenByFilter(m)) marks.push(m);
    }
    if (!marks.length) { hide(); return; }
    tip.replaceChildren.apply(tip, marks.map(function (m) { return item(m.getAttribute("data-i")); }));
    tip.hidden = false;
    var r = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    current = mark;
  }
  function hide() { tip.hidden = true; current = null; }
  function hideSoon() { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 250); }

  document.addEventListener("mouseover", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark.hl");
    if (m && !hiddenByFilter(m)) { if (m !== current) show(m); else clearTimeout(hideTimer); }
    else if (tip.contains(ev.target)) clearTimeout(hideTimer);
    else if (current && document.activeElement !== current) hideSoon();
  });
  document.addEventListener("focusin", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark.hl");
    if (m) { m.setAttribute("aria-describedby", "tip"); show(m); }
  });
  document.addEventListener("focusout", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark.hl");
    if (m) { m.removeAttribute("aria-describedby"); hideSoon(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hide(); return; }
    var m = ev.target.closest && ev.target.closest("mark.hl");
    if (m && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      location.hash = "#rule-" + m.getAttribute("data-c");
    }
  });
  /* "L3:71" links in the finding lists move the keyboard focus to the highlight. */
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.where");
    if (!a) return;
    var m = document.getElementById(a.getAttribute("href").slice(1));
    if (m) { ev.preventDefault(); m.scrollIntoView({block: "center"}); m.focus({preventScroll: true}); }
  });
  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!box.matches || !box.matches("input[data-filter]")) return;
    body.classList.toggle("hide-" + box.getAttribute("data-filter"), !box.checked);
    var marks = document.querySelectorAll("mark.hl[tabindex]");
    for (var i = 0; i < marks.length; i++) marks[i].tabIndex = hiddenByFilter(marks[i]) ? -1 : 0;
    if (current && hiddenByFilter(current)) hide();
  });
})();
