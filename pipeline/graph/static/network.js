/* newsfacts network and timeline pages: tooltips, the detail panel, neighbourhood highlight.
   Plain browser JavaScript, no library, so the page and the shared HTML file work offline. */
(function () {
  "use strict";
  var dataNode = document.getElementById("nf-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : {payments: {}, urls: {}};
  var tip = document.createElement("div");
  tip.className = "nf-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var panel = document.getElementById("nf-panel");

  function lines(el) { return (el.getAttribute("data-tip") || "").split("\n"); }

  function fill(box, textLines) {
    box.textContent = "";
    textLines.forEach(function (line, i) {
      var div = document.createElement("div");
      if (i === 0) { div.className = "nf-tip-head"; }
      div.textContent = line;
      box.appendChild(div);
    });
  }

  function link(parent, href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    parent.appendChild(a);
    return a;
  }

  // SVG <title>s become our tooltip (styled, instant) and an aria-label.
  var tipped = document.querySelectorAll(".nf-edge, .nf-node, .nf-link, .nf-report");
  Array.prototype.forEach.call(tipped, function (el) {
    var title = el.querySelector(":scope > title");
    if (!title) { return; }
    el.setAttribute("data-tip", title.textContent);
    el.setAttribute("aria-label", title.textContent.replace(/\n/g, "; "));
    title.remove();
    el.addEventListener("mouseenter", function () { fill(tip, lines(el)); tip.hidden = false; });
    el.addEventListener("mousemove", function (ev) {
      var x = ev.clientX + 14, y = ev.clientY + 14;
      var w = tip.offsetWidth, h = tip.offsetHeight;
      if (x + w > window.innerWidth - 8) { x = ev.clientX - w - 14; }
      if (y + h > window.innerHeight - 8) { y = ev.clientY - h - 14; }
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    });
    el.addEventListener("mouseleave", function () { tip.hidden = true; });
  });

  function showPayment(el) {
    if (!panel) { return; }
    var id = el.getAttribute("data-fact-id");
    var p = data.payments[id] || {reports: []};
    fill(panel, lines(el));
    var list = document.createElement("ol");
    list.className = "nf-evidence";
    p.reports.forEach(function (r) {
      var li = document.createElement("li");
      var q = document.createElement("q");
      q.textContent = r.sentence;
      li.appendChild(q);
      var src = document.createElement("div");
      src.className = "nf-source";
      var where = [r.site, r.lang, r.published_at].filter(Boolean).join(" · ");
      if (/^https?:\/\//i.test(r.url || "")) { link(src, r.url, r.title || r.url); }
      else { src.textContent = r.title || ""; }
      if (where) { src.appendChild(document.createTextNode(" (" + where + ")")); }
      li.appendChild(src);
      list.appendChild(li);
    });
    panel.appendChild(list);
    var more = document.createElement("div");
    more.className = "nf-more";
    if (data.urls.fact) { link(more, data.urls.fact.replace("{id}", id), "the fact"); }
    if (data.urls.evidence) {
      more.appendChild(document.createTextNode(" · "));
      link(more, data.urls.evidence.replace("{id}", id), "all its evidence");
    }
    panel.appendChild(more);
    panel.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".nf-selected"), function (x) {
      x.classList.remove("nf-selected");
    });
    el.classList.add("nf-selected");
  }

  // A click on an arrow opens the panel; a second click (or ctrl-click) follows its link.
  Array.prototype.forEach.call(document.querySelectorAll(".nf-edge"), function (el) {
    el.addEventListener("click", function (ev) {
      if (ev.ctrlKey || ev.metaKey || el.classList.contains("nf-selected")) { return; }
      ev.preventDefault();
      showPayment(el);
    });
  });

  // Without a server to ask, a click on a company dims everything but its neighbourhood.
  Array.prototype.forEach.call(document.querySelectorAll(".nf-node"), function (el) {
    if (el.closest("a")) { return; }
    el.addEventListener("click", function () {
      var name = el.getAttribute("data-company");
      var keep = {};
      keep[name] = true;
      var edges = document.querySelectorAll(".nf-edge");
      var on = !el.classList.contains("nf-focus");
      Array.prototype.forEach.call(edges, function (e) {
        var near = e.getAttribute("data-payer") === name || e.getAttribute("data-payee") === name;
        if (near) { keep[e.getAttribute("data-payer")] = keep[e.getAttribute("data-payee")] = true; }
        e.classList.toggle("nf-dim", on && !near);
      });
      Array.prototype.forEach.call(document.querySelectorAll(".nf-node"), function (n) {
        n.classList.toggle("nf-dim", on && !keep[n.getAttribute("data-company")]);
        n.classList.remove("nf-focus");
      });
      if (on) { el.classList.add("nf-focus"); }
    });
  });
  document.documentElement.setAttribute("data-nf-ready", "1");
}());
