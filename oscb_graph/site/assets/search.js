/* The search page: MiniSearch over the index written with the site (assets/search-index.js). */
(function () {
  "use strict";
  var docs = window.OSCB_SEARCH || [];
  var kinds = {body: "Body", recommendation: "Recommendation", action: "Action", quote: "The report's words"};
  var index = new MiniSearch({fields: ["name", "text"], storeFields: ["kind", "name", "text", "places", "count"],
                              searchOptions: {prefix: true, fuzzy: 0.15, boost: {name: 2}, combineWith: "AND"}});
  index.addAll(docs);
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  function shorten(text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function show(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = "Type words to find."; return; }
    var results = index.search(query);
    status.textContent = results.length + (results.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" +
      (results.length > 100 ? "; the first 100 are shown." : ".");
    results.slice(0, 100).forEach(function (r) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[r.kind] + ": ";
      li.appendChild(kind);
      var link = document.createElement("a");
      link.href = r.places[0][1];
      link.textContent = shorten(r.name, 200);
      li.appendChild(link);
      if (r.text) { li.appendChild(document.createTextNode(" \u2014 " + shorten(r.text, 240))); }
      var where = document.createElement("div");
      where.className = "kind";
      var more = r.count > r.places.length ? " and " + (r.count - r.places.length) + " more" : "";
      where.appendChild(document.createTextNode("In "));
      r.places.forEach(function (p, i) {
        if (i) { where.appendChild(document.createTextNode(", ")); }
        var a = document.createElement("a");
        a.href = p[1];
        a.textContent = p[0];
        where.appendChild(a);
      });
      where.appendChild(document.createTextNode(more));
      li.appendChild(where);
      list.appendChild(li);
    });
  }
  var given = new URLSearchParams(window.location.search).get("q") || "";
  input.value = given;
  document.getElementById("site-search").value = given;
  show(given);
  input.addEventListener("input", function () { show(input.value); });
  document.body.setAttribute("data-search-ready", "true");
}());
