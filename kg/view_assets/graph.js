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
    var keep = {}, frontier = [id];
    keep[id] = true;
    var depth = Number(document.getElementById("depth").value) || 1;
    for (var step = 0; step < depth; step++) {
      var next = [];
      frontier.forEach(function (node) {
        network.getConnectedNodes(node).forEach(function (other) {
          if (!keep[other]) { keep[other] = true; next.push(other); }
        });
      });
      frontier = next;
    }
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

  // ---- search: the same rules as kg/search.py (normalize, score, ranking); the names
  // and their normalized keys come from Python (data.names: [id, field rank, key, links, order])
  function normalize(text) {
    return text.replace(/ł/g, "l").replace(/Ł/g, "L").normalize("NFKD")
      .replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function readings(text) {
    var found = [normalize(text)];
    var parts = text.split(",");
    if (parts.length === 2) found.push(normalize(parts[1] + " " + parts[0]));
    return found.filter(function (reading) { return reading; });
  }
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return a === b;
    var start = 0;
    while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
    if (a.length === b.length) {
      return a.slice(start + 1) === b.slice(start + 1) || (a.slice(start + 2) === b.slice(start + 2)
        && a.slice(start, start + 2) === b.slice(start, start + 2).split("").reverse().join(""));
    }
    var shorter = a.length < b.length ? a : b, longer = a.length < b.length ? b : a;
    return shorter.slice(start) === longer.slice(start + 1);
  }
  function inOrder(query, key) {
    if (!query.length || query[query.length - 1] !== key[key.length - 1]) return false;
    var position = 0;
    for (var i = 0; i < query.length; i++) {
      var word = query[i];
      while (position < key.length && !(key[position] === word ||
             (word.length === 1 && key[position][0] === word) ||
             (key[position].length === 1 && word[0] === key[position]))) position++;
      if (position === key.length) return false;
      position++;
    }
    return true;
  }
  function score(query, key) {
    if (!query || !key) return 0;
    if (query === key || query.replace(/ /g, "") === key.replace(/ /g, "")) return 100;
    var words = query.split(" "), keyWords = key.split(" ");
    function has(word) { return keyWords.indexOf(word) >= 0; }
    if (words.length > 1 && inOrder(words, keyWords)) return 90;
    if (words.every(has)) return 80;
    if (key.indexOf(query) === 0) return 70;
    if (words.every(function (w) { return keyWords.some(function (k) { return k.indexOf(w) === 0; }); })) return 60;
    if (query.length >= 3 && key.indexOf(query) >= 0) return 50;
    if (words.every(function (w) {
      return has(w) || (w.length >= 4 && keyWords.some(function (k) { return oneEdit(w, k); }));
    }) || (query.length >= 4 && oneEdit(query, key))) return 40;
    return 0;
  }
  function search(text) {
    var best = {};
    readings(text).forEach(function (reading) {
      data.names.forEach(function (name) {
        var points = score(reading, name[2]);
        if (!points) return;
        var rank = [-points, name[1], -name[3], name[4]];
        var old = best[name[0]];
        if (!old || compare(rank, old) < 0) best[name[0]] = rank;
      });
    });
    return Object.keys(best).sort(function (a, b) { return compare(best[a], best[b]); });
  }
  function compare(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }
  window.dlkgSearch = search;
  var datalist = document.getElementById("search-names");
  Object.keys(data.details).sort().forEach(function (id) {
    var details = data.details[id];
    if (details.kind === "result") return;
    [details.label].concat(details.aliases).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      datalist.appendChild(option);
    });
  });
  function reveal(id) {
    if (nodes.get(id).hidden) setKindHidden(data.details[id].kind, false);
  }
  function go(id) {
    reveal(id);
    select(id);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
  }
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var hits = search(document.getElementById("search").value);
    status.textContent = "";
    if (!hits.length) { status.textContent = "No node matches."; return; }
    go(hits[0]);
    if (hits.length > 1) {
      status.appendChild(el("span", "also: "));
      hits.slice(1, 5).forEach(function (id) {
        var label = data.details[id].label;
        var button = el("button", label.length > 30 ? label.slice(0, 29) + "\u2026" : label, "also");
        button.type = "button";
        button.title = label;
        button.addEventListener("click", function () { go(id); });
        status.appendChild(button);
      });
    }
  });

  // ---- the path between the selected node and another, over links of every kind
  var adjacency = {};
  data.edges.forEach(function (edge) {
    (adjacency[edge.from] = adjacency[edge.from] || []).push(edge.to);
    (adjacency[edge.to] = adjacency[edge.to] || []).push(edge.from);
  });
  function shortestPath(from, to) {
    var previous = {}, queue = [from];
    previous[from] = null;
    while (queue.length) {
      var node = queue.shift();
      if (node === to) break;
      (adjacency[node] || []).slice().sort().forEach(function (next) {
        if (!(next in previous)) { previous[next] = node; queue.push(next); }
      });
    }
    if (!(to in previous)) return null;
    var path = [];
    for (var at = to; at !== null; at = previous[at]) path.unshift(at);
    return path;
  }
  window.dlkgPath = shortestPath;
  document.getElementById("path-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var out = document.getElementById("path-result");
    var from = network.getSelectedNodes()[0];
    var target = search(document.getElementById("path-to").value)[0];
    out.textContent = "";
    if (!from || !target) { out.textContent = from ? "No node matches." : "Select a node first."; return; }
    var path = shortestPath(from, target);
    if (!path) { out.textContent = "No path links them."; return; }
    var keep = {};
    path.forEach(function (id) { keep[id] = true; reveal(id); });
    nodes.update(nodes.get().map(function (node) {
      return { id: node.id, color: keep[node.id] ? node.baseColor : "#e3e6ea",
               font: { color: keep[node.id] ? node.baseFont : "#c8ccd2" },
               hidden: keep[node.id] ? false : node.hidden };
    }));
    highlighted = true;
    network.fit({ nodes: path, animation: { duration: 400 } });
    out.appendChild(list(path, function (id) { return el("span", data.details[id].label); }));
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

  document.getElementById("depth").addEventListener("change", function () {
    var selected = network.getSelectedNodes()[0];
    if (selected) highlight(selected);
  });

  // ---- the timeline: terms by the year they were introduced; ILSVRC figures by year, the
  // glossary's, the official results' and the papers' side by side
  function cell(row, text, tag) {
    var element = el(tag || "td", text);
    row.appendChild(element);
    return element;
  }
  function renderTimeline() {
    var terms = document.getElementById("timeline-terms");
    var byYear = {}, termIds = {}, seen = {};
    Object.keys(data.details).forEach(function (id) {
      if (data.details[id].kind === "term") termIds[data.details[id].label] = id;
    });
    data.timeline.terms.forEach(function (term) {
      if (seen[term.year + "\n" + term.term]) return;
      seen[term.year + "\n" + term.term] = true;
      (byYear[term.year] = byYear[term.year] || []).push(term);
    });
    Object.keys(byYear).sort().forEach(function (year) {
      var row = terms.insertRow();
      cell(row, year, "th");
      var names = cell(row, "");
      byYear[year].forEach(function (term, index) {
        if (index) names.appendChild(document.createTextNode(", "));
        var button = el("button", term.term, "term-link");
        button.type = "button";
        button.title = term.category + (term.paper ? "; " + term.paper : "");
        button.addEventListener("click", function () {
          showView("graph");
          if (termIds[term.term]) go(termIds[term.term]);
        });
        names.appendChild(button);
      });
    });
    var figures = document.getElementById("timeline-figures");
    var origins = ["glossary claim", "official result", "paper claim"];
    var years = {};
    data.timeline.ilsvrc.forEach(function (figure) {
      var slot = (years[figure.year] = years[figure.year] || {});
      (slot[figure.origin] = slot[figure.origin] || []).push(figure);
    });
    Object.keys(years).sort().forEach(function (year) {
      var row = figures.insertRow();
      cell(row, year, "th");
      origins.forEach(function (origin) {
        var target = cell(row, "");
        (years[year][origin] || []).forEach(function (figure) {
          var line = el("div");
          line.appendChild(el("b", figure.top5_error + " %"));
          line.appendChild(document.createTextNode(" " + (figure.model || figure.entry) +
            (figure.model && figure.entry && figure.entry !== figure.model ? " (" + figure.entry + ")" : "") +
            (figure.split ? "; " + figure.split : "") + " "));
          if (figure.source) line.appendChild(link(figure.source, "source"));
          target.appendChild(line);
        });
      });
    });
  }
  function showView(name) {
    document.getElementById("timeline").hidden = name !== "timeline";
    document.querySelectorAll("[data-view]").forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.dataset.view === name));
    });
  }
  document.querySelectorAll("[data-view]").forEach(function (tab) {
    tab.addEventListener("click", function () { showView(tab.dataset.view); });
  });
  renderTimeline();
})();
