/* The web edition's behaviour: filters of the letter list, search, citation, corrections.
   Every page works without it; it only adds what needs a script. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  /* ----- the letter list: filter by correspondent, year and type; sort; count ----- */
  function setUpFilters() {
    var form = document.getElementById("filters");
    var table = document.getElementById("letter-list");
    if (!form || !table) return;
    form.hidden = false;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = document.getElementById("count");
    function apply() {
      var person = form.person.value, year = form.year.value, type = form.type.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!person || (" " + row.dataset.people + " ").indexOf(" " + person + " ") >= 0) &&
          (!year || (year === "-" ? !row.dataset.year : row.dataset.year === year)) &&
          (!type || row.dataset.type === type);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      var sorted = rows.slice().sort(function (a, b) {
        return a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0;
      });
      if (form.sort.value === "desc") sorted.reverse();
      sorted.forEach(function (row) { body.appendChild(row); });
      count.textContent = shown === rows.length
        ? rows.length + " documents"
        : "Showing " + shown + " of " + rows.length + " documents";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
  }

  /* ----- "Cite this document": the address as the reader sees it, today's date, copy ----- */
  function setUpCitation() {
    var citation = document.getElementById("citation-text");
    if (!citation) return;
    var link = citation.querySelector("a.permalink");
    if (link && !/^https?:/.test(link.getAttribute("href"))) {
      var absolute = new URL(link.getAttribute("href"), window.location.href).href;
      link.textContent = absolute;
    }
    var accessed = citation.querySelector(".accessed");
    if (accessed) {
      accessed.textContent = new Date().toLocaleDateString("en-GB",
        { day: "numeric", month: "long", year: "numeric" });
    }
    var button = document.querySelector("button.copy");
    var status = document.querySelector(".copy-status");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = citation.textContent.replace(/\s+/g, " ").trim();
      var done = function () { status.textContent = "Citation copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(citation); });
      } else {
        selectText(citation);
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "Press Ctrl+C to copy."; }
      }
    });
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* ----- corrections: a tap shows the source's reading ----- */
  function setUpCorrections() {
    document.documentElement.classList.add("js");
    document.querySelectorAll("button.sic-toggle").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        document.getElementById(button.getAttribute("aria-controls")).classList.toggle("shown", open);
      });
    });
  }

  /* ----- a search hit: mark the first place the words occur and scroll there ----- */
  function showHit() {
    var words = new URLSearchParams(window.location.search).get("hit");
    var main = document.getElementById("main");
    if (!words || !main) return;
    var terms = words.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest("nav, .metadata, .cite, .sic")) continue;
      var text = node.nodeValue.toLowerCase();
      for (var i = 0; i < terms.length; i += 1) {
        var at = text.indexOf(terms[i]);
        if (at >= 0) {
          var range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + terms[i].length);
          var mark = document.createElement("mark");
          mark.id = "hit";
          range.surroundContents(mark);
          mark.scrollIntoView({ block: "center" });
          return;
        }
      }
    }
  }

  /* pagefind's excerpt is HTML: keep its text and its <mark>s, nothing else. */
  function appendExcerpt(html, target) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  /* ----- search, with pagefind's index (built at `edition build`) ----- */
  function setUpSearch() {
    var form = document.getElementById("search");
    if (!form) return;
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var pagefind = null;
    function load() {
      if (!pagefind) {
        pagefind = import(new URL(root + "pagefind/pagefind.js", window.location.href).href)
          .then(function (module) {
            var base = new URL(root || ".", window.location.href).pathname;
            var bundle = new URL(root + "pagefind/", window.location.href);
            /* the letters are indexed in shards (pagefind/shards.json): merged before searching */
            return module.options({ baseUrl: base })
              .then(function () { return fetch(new URL("shards.json", bundle)); })
              .then(function (response) { return response.ok ? response.json() : []; })
              .then(function (shards) {
                return Promise.all(shards.map(function (shard) {
                  return module.mergeIndex(new URL(shard, bundle).pathname, { baseUrl: base });
                }));
              })
              .then(function () { return module; });
          });
      }
      return pagefind;
    }
    function run(query) {
      list.textContent = "";
      if (!query.trim()) { status.textContent = ""; return; }
      status.textContent = "Searching…";
      load().then(function (module) { return module.search(query); })
        .then(function (search) {
          return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
        })
        .then(function (results) {
          status.textContent = results.length
            ? results.length + (results.length === 1 ? " page" : " pages") + " found for “" + query + "”"
            : "Nothing found for “" + query + "”";
          results.forEach(function (data) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            var url = new URL(data.url, window.location.href);
            url.searchParams.set("hit", query);
            link.href = url.pathname + url.search + url.hash;
            link.textContent = (data.meta && data.meta.title) || data.url;
            var excerpt = document.createElement("p");
            appendExcerpt(data.excerpt, excerpt);
            item.appendChild(link);
            item.appendChild(excerpt);
            list.appendChild(item);
          });
        })
        .catch(function () { status.textContent = "The search index could not be loaded."; });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      run(input.value);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  }

  setUpFilters();
  setUpCitation();
  setUpCorrections();
  setUpSearch();
  showHit();
})();
