// dateline search: queries the static index in /search/ (see the doc comment
// of generator/search). No framework, no server. The text rules (fold, stem,
// terms, bucket) repeat generator/search/terms.go line for line.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var base = form.getAttribute("data-index");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;

  var GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss" };
  function fold(text) {
    text = text.toLowerCase().normalize("NFC").replace(/[äöüßẞ]/g, function (c) { return GERMAN[c]; });
    return text.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  }
  var SUFFIXES = ["ungen", "ing", "en", "er", "es", "ed", "e", "s"];
  function stem(word) {
    if (word.endsWith("ies") && word.length > 5) return word.slice(0, -3) + "y";
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.endsWith(s) && byteLength(word) - s.length >= 4) return word.slice(0, -s.length);
    }
    return word;
  }
  function byteLength(s) { return new TextEncoder().encode(s).length; }
  function terms(text) {
    var out = [], seen = {};
    fold(text).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (Array.from(w).length < 2) return;
      w = stem(w);
      if (!seen[w]) { seen[w] = true; out.push(w); }
    });
    return out;
  }
  function bucket(term, shards) {
    var h = 0x811c9dc5, bytes = new TextEncoder().encode(term);
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }
  window.datelineSearch = { fold: fold, stem: stem, terms: terms, bucket: bucket };

  var cache = {};
  function fetchJSON(path) {
    if (!cache[path]) cache[path] = fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
    return cache[path];
  }
  function undelta(list) {
    var out = [], v = 0;
    for (var i = 0; i < list.length; i++) { v += list[i]; out.push(v); }
    return out;
  }
  // lookup returns {title: Set, all: Set} of the docs a term matches.
  function lookup(meta, term) {
    return fetchJSON("t/" + bucket(term, meta.shards) + ".json").then(function (shard) {
      var p = shard[term] || [[], []];
      var title = new Set(undelta(p[0]));
      var all = new Set(title);
      undelta(p[1]).forEach(function (id) { all.add(id); });
      return { title: title, all: all };
    });
  }

  function search(params) {
    var q = params.get("q") || "", beat = params.get("beat") || "", year = params.get("year") || "";
    var words = terms(q);
    var filters = [];
    if (beat) filters.push("beat:" + beat);
    if (year) filters.push("year:" + year);
    if (!words.length && !filters.length) { status.textContent = ""; list.textContent = ""; return; }
    status.textContent = form.getAttribute("data-loading");
    var started = performance.now();
    fetchJSON("meta.json").then(function (meta) {
      return Promise.all(words.concat(filters).map(function (t) { return lookup(meta, t); })).then(function (found) {
        // Every term must match; title hits first, then the newest.
        var hits = null;
        found.forEach(function (f) {
          hits = hits === null ? Array.from(f.all) : hits.filter(function (id) { return f.all.has(id); });
        });
        var score = {};
        hits.forEach(function (id) {
          score[id] = found.slice(0, words.length).filter(function (f) { return f.title.has(id); }).length;
        });
        hits.sort(function (a, b) { return score[b] - score[a] || b - a; }); // title hits, then the newest (the highest id)
        return show(meta, hits, words, 0, started);
      });
    }).catch(function (e) { status.textContent = String(e); });
  }

  function show(meta, hits, words, from, started) {
    var page = hits.slice(from, from + PAGE);
    var chunks = Array.from(new Set(page.map(function (id) { return Math.floor(id / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return fetchJSON("d/" + c + ".json"); })).then(function (loaded) {
      var docs = {};
      chunks.forEach(function (c, i) { loaded[i].forEach(function (d, j) { docs[c * meta.chunk + j] = d; }); });
      if (from === 0) list.textContent = "";
      page.forEach(function (id) { list.appendChild(item(meta, docs[id], words)); });
      status.textContent = hits.length ? hits.length + " " + form.getAttribute("data-count") : form.getAttribute("data-none");
      status.setAttribute("data-ms", Math.round(performance.now() - started));
      more.hidden = from + PAGE >= hits.length;
      more.onclick = function () { show(meta, hits, words, from + PAGE, performance.now()); };
    });
  }

  // item builds one result with DOM calls only: copy is never HTML here.
  function item(meta, d, words) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = d[1];
    mark(a, d[0], words);
    h.appendChild(a);
    li.appendChild(h);
    var p = document.createElement("p");
    p.className = "meta";
    var beat = meta.beats[d[3]];
    p.textContent = d[2] + " · " + (beat ? beat[0] : "") + (d[4] ? " · " + d[4] : "");
    li.appendChild(p);
    var s = document.createElement("p");
    s.className = "summary";
    mark(s, d[5], words);
    li.appendChild(s);
    return li;
  }

  // mark appends text to el, with the words whose terms were searched in <mark>.
  function mark(el, text, words) {
    var want = {};
    words.forEach(function (w) { want[w] = true; });
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var t = terms(part);
      if (t.length === 1 && want[t[0]]) {
        var m = document.createElement("mark");
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  var params = new URLSearchParams(location.search);
  form.q.value = params.get("q") || "";
  form.beat.value = params.get("beat") || "";
  form.year.value = params.get("year") || "";
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var p = new URLSearchParams();
    ["q", "beat", "year"].forEach(function (k) { if (form[k].value) p.set(k, form[k].value); });
    history.pushState(null, "", "?" + p.toString());
    search(p);
  });
  window.addEventListener("popstate", function () { search(new URLSearchParams(location.search)); });
  search(params);
})();
