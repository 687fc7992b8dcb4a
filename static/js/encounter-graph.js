/* Draws the encounter network from the JSON the app serves (events:encounter_graph_data).
   No inline script: the container carries the data URL and the translated texts as
   data-attributes. Nodes link to their detail pages; edge width = shared events. */
(function () {
  "use strict";

  var box = document.getElementById("encounter-graph");
  var status = document.getElementById("graph-status");
  if (!box) {
    return;
  }

  function say(text, state) {
    box.setAttribute("data-state", state);
    if (status) {
      status.textContent = text;
    }
  }

  if (typeof window.cytoscape !== "function") {
    say(box.getAttribute("data-error-text"), "error");
    return;
  }

  function draw(data) {
    if (!data.nodes || data.nodes.length === 0) {
      say(box.getAttribute("data-empty-text"), "empty");
      return;
    }
    var maxEdge = 1;
    var maxNode = 1;
    data.edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.weight); });
    data.nodes.forEach(function (n) { maxNode = Math.max(maxNode, n.weight); });
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({
        group: "nodes",
        data: {
          id: "n" + n.id,
          label: n.label,
          weight: n.weight,
          url: data.detail_url.replace("{id}", String(n.id))
        }
      });
    });
    data.edges.forEach(function (e) {
      elements.push({
        group: "edges",
        data: {
          id: "e" + e.source + "-" + e.target,
          source: "n" + e.source,
          target: "n" + e.target,
          weight: e.weight
        }
      });
    });
    var cy = window.cytoscape({
      container: box,
      elements: elements,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "#0b5cad",
            "label": "data(label)",
            "font-size": 12,
            "color": "#1d2733",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "wrap",
            "text-max-width": 120,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.75,
            "text-background-padding": 1,
            "min-zoomed-font-size": 7,
            "width": "mapData(weight, 1, " + maxNode + ", 12, 36)",
            "height": "mapData(weight, 1, " + maxNode + ", 12, 36)"
          }
        },
        {
          selector: "edge",
          style: {
            "line-color": "#8aa4c0",
            "curve-style": "haystack",
            "opacity": 0.8,
            "width": "mapData(weight, 1, " + maxEdge + ", 1, 9)"
          }
        },
        { selector: "node:selected", style: { "background-color": "#a35a00" } }
      ],
      layout: {
        name: "cose",
        animate: false,
        randomize: false,
        nodeDimensionsIncludeLabels: true,
        nodeRepulsion: function () { return 100000; },
        idealEdgeLength: function () { return 70; },
        nodeOverlap: 20,
        componentSpacing: 30,
        gravity: 0.3,
        numIter: 2000
      }
    });
    cy.on("tap", "node", function (event) {
      window.location.href = event.target.data("url");
    });
    box.setAttribute("data-nodes", String(cy.nodes().length));
    box.setAttribute("data-edges", String(cy.edges().length));
    var summary = box.getAttribute("data-summary-text")
      .replace("{nodes}", String(cy.nodes().length))
      .replace("{edges}", String(cy.edges().length));
    if (data.truncated) {
      summary += " " + box.getAttribute("data-truncated-text");
    }
    say(summary, "drawn");
  }

  say(box.getAttribute("data-loading-text"), "loading");
  fetch(box.getAttribute("data-url"), {
    credentials: "same-origin",
    headers: { "Accept": "application/json" }
  })
    .then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, data: data };
      });
    })
    .then(function (result) {
      if (!result.ok) {
        say((result.data.errors || []).join(" ") || box.getAttribute("data-error-text"), "error");
        return;
      }
      draw(result.data);
    })
    .catch(function () {
      say(box.getAttribute("data-error-text"), "error");
    });
}());
