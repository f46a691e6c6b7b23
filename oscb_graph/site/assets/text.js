/* Highlight the passage a link points at (#q-START-END): every marked piece inside its span. */
(function () {
  "use strict";
  function highlight() {
    var old = document.querySelectorAll("mark.here");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("here"); }
    var found = /^#q-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!found) { return; }
    var start = +found[1], end = +found[2];
    var marks = document.querySelectorAll("#report-text mark");
    var first = null;
    for (var j = 0; j < marks.length; j++) {
      var s = +marks[j].getAttribute("data-s"), e = +marks[j].getAttribute("data-e");
      if (s >= start && e <= end) { marks[j].classList.add("here"); if (!first) { first = marks[j]; } }
    }
    var anchor = document.getElementById(window.location.hash.slice(1));
    if (anchor) { anchor.scrollIntoView({block: "center"}); }
    document.body.setAttribute("data-highlighted", first ? "true" : "false");
  }
  window.addEventListener("hashchange", highlight);
  highlight();
}());
