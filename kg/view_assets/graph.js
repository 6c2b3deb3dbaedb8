// DLKG graph view. Everything that comes from the data is put into the page with
// textContent or as a checked http(s) href: never as markup.
(function () {
  "use strict";
  var data = window.DLKG;
  var container = document.getElementById("graph");

  function tooltip(text) {
    var element = document.createElement("div");
    element.textContent = text;
    return element;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var copy = Object.assign({}, node);
    copy.title = tooltip(node.title);
    copy.baseColor = node.color;
    copy.baseFont = node.font ? node.font.color : "#222";
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge, index) {
    return Object.assign({ id: "e" + index }, edge);
  }));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.dlkgNetwork = network;
  window.dlkgState = { stabilized: false, hiddenKinds: [] };

  // The layout is computed in Python; the physics stays off, so the first draw is final.
  window.dlkgState.stabilized = true;
  // Edge labels show on the links of a hovered or selected node, not at rest.
  network.setOptions({ edges: { chosen: { label: function (values) { values.size = 11; } } } });

  // ---- helpers that only ever create text nodes or checked links
  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }
  function link(href, text) {
    var url = safeUrl(href);
    if (!url) return el("span", text || href);
    var anchor = el("a", text || href);
    anchor.href = url;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    return anchor;
  }
  function section(body, title, content) {
    if (content === null || content === undefined || content === "" ||
        (Array.isArray(content) && content.length === 0)) return;
    body.appendChild(el("h3", title));
    if (content instanceof Node) body.appendChild(content);
    else body.appendChild(el("p", content));
  }
  function list(items, render) {
    var ul = el("ul");
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(render(item));
      ul.appendChild(li);
    });
    return ul;
  }

  // ---- side panel
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  function showPanel(id) {
    var details = data.details[id];
    if (!details) return;
    body.textContent = "";
    var kind = data.kinds[details.kind];
    body.appendChild(el("h2", details.label));
    var badge = el("span", kind.label, "kind");
    badge.style.background = kind.color;
    body.appendChild(badge);
    body.appendChild(el("div", details.iri, "iri"));
    section(body, "Definition", details.definition);
    if (details.aliases.length) section(body, "Also called", details.aliases.join(", "));
    if (details.formula) section(body, "Formula", el("pre", details.formula));
    section(body, "Year", details.year);
    if (details.authors) section(body, "Authors", details.authors.join(", "));
    section(body, "Venue", details.venue);
    if (details.value) {
      section(body, "Figure", details.value + " % (" + details.split + "; " + details.claim + ")");
    }
    section(body, "Papers", details.papers.length ? list(details.papers, function (paper) {
      return paper.url ? link(paper.url, paper.label) : el("span", paper.label);
    }) : null);
    var results = resultsOf(id);
    section(body, "Results", results.length ? list(results, function (result) {
      return el("span", result);
    }) : null);
    if (details.glossary) section(body, "The glossary says", el("blockquote", details.glossary));
    section(body, "Note", details.comment);
    section(body, "Links", details.links.length ? list(details.links, function (href) {
      return link(href);
    }) : null);
    section(body, "Sources", details.sources.length ? list(details.sources, function (href) {
      return link(href);
    }) : null);
    panel.hidden = false;
  }
  function resultsOf(id) {
    var labels = [];
    network.getConnectedNodes(id).forEach(function (other) {
      var details = data.details[other];
      if (details && details.kind === "result") labels.push(details.label);
    });
    return labels.sort();
  }
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    network.unselectAll();
    clearHighlight();
  });

  // ---- neighbourhood highlight
  var highlighted = false;
  var revealed = {};  // nodes of hidden kinds shown for the selected node
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { keep[other] = true; });
    nodes.update(nodes.get().map(function (node) {
      var shown = { id: node.id, color: keep[node.id] ? node.baseColor : "#e3e6ea",
                    font: { color: keep[node.id] ? node.baseFont : "#c8ccd2" } };
      if (keep[node.id] && node.hidden) { shown.hidden = false; revealed[node.id] = true; }
      return shown;
    }));
    highlighted = true;
  }
  function clearHighlight() {
    if (!highlighted) return;
    nodes.update(nodes.get().map(function (node) {
      var plain = { id: node.id, color: node.baseColor, font: { color: node.baseFont } };
      if (revealed[node.id] && window.dlkgState.hiddenKinds.indexOf(node.kind) >= 0) {
        plain.hidden = true;
      }
      return plain;
    }));
    revealed = {};
    highlighted = false;
  }
  function select(id) {
    network.selectNodes([id]);
    highlight(id);
    showPanel(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else { panel.hidden = true; clearHighlight(); }
  });

  // ---- search by label or alias
  var names = [];
  Object.keys(data.details).sort().forEach(function (id) {
    var details = data.details[id];
    [details.label].concat(details.aliases).forEach(function (name) {
      names.push({ name: name, key: name.toLocaleLowerCase(), id: id });
    });
  });
  var datalist = document.getElementById("search-names");
  names.filter(function (n) { return data.details[n.id].kind !== "result"; })
    .forEach(function (entry) {
      var option = document.createElement("option");
      option.value = entry.name;
      datalist.appendChild(option);
    });
  function find(query) {
    var key = query.trim().toLocaleLowerCase();
    if (!key) return null;
    var exact = names.filter(function (n) { return n.key === key; });
    var starts = names.filter(function (n) { return n.key.indexOf(key) === 0; });
    var contains = names.filter(function (n) { return n.key.indexOf(key) >= 0; });
    var hit = exact[0] || starts[0] || contains[0];
    return hit ? hit.id : null;
  }
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("search").value;
    var id = find(query);
    if (!id) { status.textContent = "No node matches."; return; }
    var node = nodes.get(id);
    if (node.hidden) {
      setKindHidden(data.details[id].kind, false);
    }
    status.textContent = "";
    select(id);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
  });

  // ---- legend and filter by kind
  var filter = document.getElementById("kind-filter");
  var present = {};
  data.nodes.forEach(function (node) { present[node.kind] = (present[node.kind] || 0) + 1; });
  function setKindHidden(kind, hidden) {
    nodes.update(nodes.get({ filter: function (n) { return n.kind === kind; } })
      .map(function (n) { return { id: n.id, hidden: hidden }; }));
    var box = document.querySelector('input[data-kind="' + kind + '"]');
    if (box) box.checked = !hidden;
    var hiddenKinds = window.dlkgState.hiddenKinds.filter(function (k) { return k !== kind; });
    if (hidden) hiddenKinds.push(kind);
    window.dlkgState.hiddenKinds = hiddenKinds;
  }
  Object.keys(data.kinds).forEach(function (kind) {
    if (!present[kind]) return;
    var info = data.kinds[kind];
    var li = el("li");
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = kind === "term";
    box.dataset.kind = kind;
    box.addEventListener("change", function () { setKindHidden(kind, !box.checked); });
    var swatch = el("span", null, "swatch " + info.shape);
    swatch.style.background = info.color;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", info.label + " (" + present[kind] + ")"));
    li.appendChild(label);
    filter.appendChild(li);
  });
  // The first screen is the glossary's terms; the other kinds are one tick away, and a
  // selected node shows its own neighbours of every kind.
  Object.keys(present).forEach(function (kind) {
    if (kind !== "term" && present.term) setKindHidden(kind, true);
  });
  network.fit();
})();
