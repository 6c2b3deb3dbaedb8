// The query page of `kg serve`: YASGUI (bundled, offline) on this server's /sparql only.
// Its defaults that reach other hosts are turned off: the endpoint (dbpedia), the endpoint
// catalogue, class and property completion (lov.linkeddata.es), saved state (localStorage).
(function () {
  "use strict";
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var EXAMPLES = json("dlkg-examples"), PARAMS = json("dlkg-params");
  var PREFIXES = json("dlkg-prefixes"), INITIAL = json("dlkg-initial");
  var ENDPOINT = new URL("/sparql", window.location.href).href;
  var BASE = "https://w3id.org/dlkg/";  // IRIs of the graph: served here at "/" + the rest
  var Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;

  // prefixes: the graph's first, no cache in localStorage
  var stockPrefixes = Yasqe.Autocompleters.prefixes;
  Yasqe.registerAutocompleter(Object.assign({}, stockPrefixes, { persistenceId: null,
    get: function (yasqe) {
      var ours = Object.keys(PREFIXES).map(function (p) { return p + ": <" + PREFIXES[p] + ">"; });
      return Promise.resolve(stockPrefixes.get(yasqe)).then(function (bundled) {
        return ours.concat(bundled.filter(function (s) { return !PREFIXES[s.split(":")[0]]; })).sort();
      });
    } }));
  // classes and properties: from this endpoint, asked once, filtered here
  var termLists = {};
  function localTerms(kind) {
    if (!termLists[kind]) {
      var query = kind === "class" ? "SELECT DISTINCT ?t WHERE { ?s a ?t }"
                                   : "SELECT DISTINCT ?t WHERE { ?s ?t ?o }";
      termLists[kind] = fetch(ENDPOINT, { method: "POST", body: new URLSearchParams({ query: query }),
          headers: { "Accept": "application/sparql-results+json" } })
        .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
        .then(function (j) { return j.results.bindings.map(function (b) { return b.t.value; }).sort(); })
        .catch(function () { delete termLists[kind]; return []; });
    }
    return termLists[kind];
  }
  ["class", "property"].forEach(function (kind) {
    Yasqe.registerAutocompleter(Object.assign({}, Yasqe.Autocompleters[kind], {
      get: function (yasqe, token) {
        var wanted = (token && token.autocompletionString) || "";
        return localTerms(kind).then(function (terms) {
          return terms.filter(function (t) { return t.indexOf(wanted) === 0; }).slice(0, 100);
        });
      } }));
  });
  // the result table: IRIs of the graph link to this server's pages; paged and sortable
  function localHref(html) {
    return html.replace(/href=(["'])https:\/\/w3id\.org\/dlkg\/([^"']*)\1/g,
                        function (_m, q, rest) { return "href=" + q + "/" + rest + q; });
  }
  var Table = Yasr.plugins.table;
  var stockLink = Table && Table.prototype.getUriLinkFromBinding;
  if (typeof stockLink === "function") {
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      return localHref(stockLink.call(this, binding, prefixes));
    };
  } else {  // the hook is private: if a later version drops it, rewrite links once drawn
    new MutationObserver(function () {
      document.querySelectorAll(".yasr a.iri[href^='" + BASE + "']").forEach(function (a) {
        a.setAttribute("href", "/" + a.getAttribute("href").slice(BASE.length));
      });
    }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  }
  Table.defaults.openIriInNewWindow = false;
  Table.defaults.tableConfig.pageLength = 50;

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: null, autoAddOnInit: false,
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; } },
    copyEndpointOnNewTab: false,
    populateFromUrl: function (tab) { tab.requestConfig.endpoint = ENDPOINT; return tab; },
    tabName: "Query", yasqe: { value: "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
    yasr: { prefixes: PREFIXES }
  });
  var fromUrl = yasgui.getTab();
  if (INITIAL) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: INITIAL } });
  }
  Object.keys(EXAMPLES).forEach(function (name, i) {
    var tab = yasgui.addTab(i === 0 && !fromUrl && !INITIAL, { name: name, yasqe: { value: EXAMPLES[name].text } });
    var link = document.getElementById("tab-" + tab.getId());
    if (link) link.title = EXAMPLES[name].question;
  });
  window.yasgui = yasgui;

  // queries that take parameters: a field each (its example filled in); the server finds
  // the thing a name means (as `kg search` does) and binds it
  var select = document.getElementById("param-query"), fields = document.getElementById("param-fields");
  var status = document.getElementById("param-status");
  function showFields() {
    fields.textContent = "";
    (PARAMS[select.value] || []).forEach(function (param) {
      var label = document.createElement("label");
      label.textContent = param.name + " (" + param.kind + ") ";
      var input = document.createElement("input");
      input.name = param.name;
      input.value = param.example;
      input.title = param.description;
      label.appendChild(input);
      fields.appendChild(label);
    });
  }
  select.addEventListener("change", showFields);
  showFields();
  document.getElementById("params").addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "";
    var query = new URLSearchParams();
    fields.querySelectorAll("input").forEach(function (input) { query.set(input.name, input.value); });
    fetch("/bind/" + encodeURIComponent(select.value) + "?" + query.toString())
      .then(function (response) {
        return response.text().then(function (text) { return { ok: response.ok, text: text }; });
      })
      .then(function (answer) {
        if (!answer.ok) { status.textContent = answer.text; return; }
        var tab = yasgui.addTab(true, { name: select.value, yasqe: { value: answer.text } });
        tab.query();
      });
  });
})();
