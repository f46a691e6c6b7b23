/* Draw a route's picture (window.OSCB_PICTURE, written beside the page) with vis-network, then stop the physics. */
(function () {
  "use strict";
  var p = window.OSCB_PICTURE;
  var network = new vis.Network(document.getElementById("picture"),
    {nodes: new vis.DataSet(p.nodes), edges: new vis.DataSet(p.edges)}, p.options);
  network.once("afterDrawing", function () {
    network.setOptions({physics: {enabled: false}});
    network.fit();
    document.body.setAttribute("data-picture-ready", "true");
  });
}());
