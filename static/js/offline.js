/* Học vụ số – learning without a steady connection (issue 20; docs/offline.md).
   - Low-data mode (this device): images on tap, in their lightest rendition.
   - "Tải về để học khi không có mạng" on a course page: the course's offline manifest (courses/offline.py) is
     fetched and each URL stored in this browser's cache "hvs-course-<id>"; the service worker (/sw.js, lms/pwa/)
     serves them when the network is gone. The worker is registered only once a learner saves a course (or has
     saved one): a first visit downloads neither the worker nor its precache.
   - A saved lesson opened offline scores its quick checks here, by the server's rules (courses/services.py
     score_check), and queues what the learner did in IndexedDB with a key per event; the queue is sent when the
     connection returns (Background Sync in the worker where there is one, else here on "online" and on each
     page opened), and the server's verdict (it scores again) replaces what was shown here.
   - Updates: a saved course whose lessons changed is fetched again on the next connection, and the learner told.
   Without service workers (or IndexedDB) nothing here changes the site: the save button stays hidden. */
(function () {
  "use strict";
  var SAVED = "hvs-saved", LOW = "hvs-low-data", LOCAL = "hvs-local-progress", CHECKED = "hvs-saved-checked";
  var doc = document, root = doc.documentElement;
  var supported = "serviceWorker" in navigator && "caches" in window && "indexedDB" in window && !!window.fetch;

  function read(name, fallback) {
    try { return JSON.parse(localStorage.getItem(name)) || fallback; } catch (e) { return fallback; }
  }
  function write(name, value) { try { localStorage.setItem(name, JSON.stringify(value)); } catch (e) { /* full */ } }
  function fmt(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (m, k) { return values[k] === undefined ? m : values[k]; });
  }
  function size(bytes) {
    if (!bytes) return "0 KB";
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
  }
  function csrf() {
    var input = doc.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var texts = (doc.getElementById("offline-texts") || {dataset: {}}).dataset;

  /* ---- Low-data mode: images on tap, lightest rendition (the class is set in <head> before images load) ---- */
  function lowData() { return root.classList.contains("low-data"); }
  function lightest(el) {
    var set = el.getAttribute("srcset");
    if (set) el.setAttribute("srcset", set.split(",")[0].trim().split(/\s+/)[0]);
  }
  function imagesOnTap() {
    if (!lowData()) return;
    doc.querySelectorAll(".lesson-image, .steps figure, img.course-cover").forEach(function (fig) {
      if (fig.tagName === "IMG") fig = fig.parentNode;
      if (fig.querySelector(".tap-image")) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary tap-image";
      button.textContent = texts.tapImage || "Xem ảnh";
      button.addEventListener("click", function () {
        fig.querySelectorAll("source, img").forEach(lightest);
        fig.classList.add("image-shown");
        button.remove();
      });
      fig.insertBefore(button, fig.firstChild);
    });
  }
  var toggle = doc.getElementById("low-data-toggle");
  if (toggle) {
    toggle.setAttribute("aria-pressed", lowData() ? "true" : "false");
    toggle.addEventListener("click", function () {
      var on = !lowData();
      root.classList.toggle("low-data", on);
      try { on ? localStorage.setItem(LOW, "1") : localStorage.removeItem(LOW); } catch (e) { /* private mode */ }
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  imagesOnTap();

  if (!supported) {
    var unsupported = doc.getElementById("offline-unsupported");
    if (unsupported) unsupported.hidden = false;
    return;
  }
  var sw = navigator.serviceWorker;

  /* ---- The worker: registered after load, only for a learner who saves or has saved a course ---- */
  function register() {
    return sw.register("/sw.js", {scope: "/"}).then(function () { return sw.ready; });
  }
  function saved() { return read(SAVED, {}); }
  if (Object.keys(saved()).length) {
    if (doc.readyState === "complete") register(); else window.addEventListener("load", function () { register(); });
  }

  /* ---- The outbox (IndexedDB "hvs-offline", shared with the worker) ---- */
  function db() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("hvs-offline", 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("outbox", {keyPath: "key"});
        req.result.createObjectStore("meta", {keyPath: "name"});
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(store, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(store, mode), result;
        Promise.resolve(work(t.objectStore(store))).then(function (r) { result = r; });
        t.oncomplete = function () { d.close(); resolve(result); };
        t.onerror = function () { d.close(); reject(t.error); };
      });
    });
  }
  function all(store) {
    return tx(store, "readonly", function (s) {
      return new Promise(function (resolve) { var r = s.getAll(); r.onsuccess = function () { resolve(r.result); }; });
    });
  }
  function queue(event, syncUrl) {
    event.at = new Date().toISOString();
    return tx("outbox", "readwrite", function (s) { s.put(event); }).then(function () {
      return tx("meta", "readwrite", function (s) { s.put({name: "sync", url: syncUrl, csrf: csrf()}); });
    }).then(function () {
      return sw.ready.then(function (reg) { return reg.sync && reg.sync.register("hvs-outbox"); }).catch(function () {});
    }).then(showOutbox);
  }
  var sending = false;
  // One sender at a time on this device (this page, another tab, the worker's Background Sync): a Web Lock.
  function flush() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    if (navigator.locks) return navigator.locks.request("hvs-outbox", sendOutbox);
    return sendOutbox();
  }
  function sendOutbox() {
    return Promise.all([all("outbox"), all("meta")]).then(function (got) {
      var events = got[0].sort(function (a, b) { return a.at < b.at ? -1 : 1; }).slice(0, 50);
      var meta = got[1].filter(function (m) { return m.name === "sync"; })[0];
      if (!events.length || !meta) return null;
      return fetch(meta.url, {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() || meta.csrf},
        body: JSON.stringify({events: events.map(function (e) { var c = Object.assign({}, e); delete c.at; delete c.title; return c; })})
      }).then(function (response) { return response.ok ? response.json() : null; }).then(function (data) {
        if (!data || !data.results) return null;
        return tx("outbox", "readwrite", function (s) {
          data.results.forEach(function (r) { if (r.key) s.delete(r.key); });
        }).then(function () { return data.results; });
      });
    }).catch(function () { return null; }).then(function (results) {
      sending = false;
      if (results && results.length) announce(fmt(texts.sent, {n: results.length}));
      showOutbox();
      return results;
    });
  }
  function banner() {
    var el = doc.getElementById("offline-banner");
    if (!el) {
      el = doc.createElement("p");
      el.id = "offline-banner";
      el.className = "message message-warning offline-banner";
      el.setAttribute("role", "status");
      var main = doc.querySelector("main .wrap") || doc.body;
      main.insertBefore(el, main.firstChild);
    }
    return el;
  }
  function announce(text) { if (text) { var el = banner(); el.textContent = text; el.hidden = false; } }
  function showOutbox() {
    return all("outbox").then(function (events) {
      var el = doc.getElementById("offline-banner");
      if (events.length) announce(fmt(texts.waiting, {n: events.length}));
      else if (el && el.dataset.kind === "waiting") el.hidden = true;
      if (events.length) banner().dataset.kind = "waiting";
      var box = doc.getElementById("offline-outbox"), list = doc.getElementById("offline-outbox-list");
      if (box) box.textContent = events.length ? fmt(box.dataset.some, {n: events.length}) : box.dataset.none;
      if (list) {
        list.textContent = "";
        events.forEach(function (e) {
          var li = doc.createElement("li");
          li.textContent = (e.title || "") + " · " + new Date(e.at).toLocaleString("vi-VN");
          list.appendChild(li);
        });
      }
    }).catch(function () {});
  }
  window.addEventListener("online", function () { flush().then(checkUpdates); });
  sw.addEventListener("message", function (e) { if (e.data && e.data.type === "hvs-synced") showOutbox(); });

  /* ---- Saving a course ---- */
  function store(cache, url, sourceUrl) {
    return fetch(sourceUrl || url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) return 0;
      return response.clone().blob().then(function (blob) {
        return cache.put(url, response).then(function () { return blob.size; });
      });
    });
  }
  // keep (an update): files already saved are kept (their bytes counted from the cache, nothing downloaded) except
  // the pages and the lessons whose version changed; lessons no longer in the course are removed.
  function saveCourse(manifest, withVideos, progress, previous) {
    var id = manifest.course.id, name = "hvs-course-" + id;
    var jobs = [];
    manifest.pages.concat([manifest.fallback]).forEach(function (url) { jobs.push([url, null, true]); });
    manifest.lessons.forEach(function (l) {
      if (l.open) jobs.push([l.url, l.copy, !previous || previous.versions[l.id] !== l.version]);
    });
    manifest.images.concat(manifest.documents, withVideos ? manifest.videos : []).forEach(function (f) { jobs.push([f.url, null, !previous]); });
    var keep = {};
    jobs.forEach(function (job) { keep[job[0]] = true; });
    return caches.open(name).then(function (cache) {
      var total = 0, done = 0;
      var removed = previous ? (previous.lessons || []).filter(function (l) { return !keep[l.url]; })
        .map(function (l) { return cache.delete(l.url); }) : [];
      var fetchOrKeep = function (job) {
        if (job[2]) return store(cache, job[0], job[1]);
        return cache.match(job[0]).then(function (hit) {
          return hit ? hit.blob().then(function (b) { return b.size; }) : store(cache, job[0], job[1]);
        });
      };
      // One at a time: a phone on 3G, and the learner sees the count move.
      return Promise.all(removed).then(function () { return jobs.reduce(function (chain, job) {
        return chain.then(function () { return fetchOrKeep(job); }).then(function (bytes) {
          total += bytes; done += 1;
          if (progress) progress(done, jobs.length);
        });
      }, Promise.resolve()); }).then(function () {
        var all = saved(), versions = {};
        manifest.lessons.forEach(function (l) { if (l.open) versions[l.id] = l.version; });
        all[id] = {id: id, title: manifest.course.title, url: manifest.course.url, manifest: manifest.self,
                   version: manifest.version, lessons: manifest.lessons.filter(function (l) { return l.open; })
                     .map(function (l) { return {id: l.id, url: l.url, title: l.title}; }),
                   versions: versions, bytes: total, videos: !!withVideos, sync: manifest.sync,
                   savedAt: new Date().toISOString(), changed: (all[id] && all[id].changed) || false};
        write(SAVED, all);
        return all[id];
      });
    });
  }
  function getManifest(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}}).then(function (r) {
      return r.json().then(function (data) { data.self = url; if (!r.ok) throw new Error(data.error || r.status); return data; });
    });
  }
  var box = doc.getElementById("offline-save");
  if (box) {
    var ds = box.dataset, button = box.querySelector(".offline-save-button"), status = box.querySelector(".offline-save-status");
    var choice = box.querySelector(".offline-video-choice"), confirm = box.querySelector(".offline-save-confirm");
    var pending = null;
    box.hidden = false;
    var mine = saved()[ds.course];
    if (mine) status.textContent = fmt(ds.done, {n: mine.lessons.length, size: size(mine.bytes)});
    var run = function (manifest, withVideos) {
      button.disabled = true;
      return register().then(function () {
        return saveCourse(manifest, withVideos, function (n, total) { status.textContent = fmt(ds.progress, {n: n, total: total}); });
      }).then(function (record) {
        status.textContent = fmt(ds.done, {n: record.lessons.length, size: size(record.bytes)});
        button.disabled = false;
        choice.hidden = true;
      }).catch(function () {  // the connection dropped while saving: what arrived stays, pressing again resumes
        status.textContent = ds.failed;
        button.disabled = false;
      });
    };
    button.addEventListener("click", function () {
      status.textContent = ds.loading;
      getManifest(ds.manifest).then(function (manifest) {
        if (!manifest.videos.length) return run(manifest, false);
        var bytes = manifest.videos.reduce(function (t, v) { return t + (v.bytes || 0); }, 0);
        choice.querySelector(".offline-video-size").textContent = fmt(ds.videos, {n: manifest.videos.length, size: size(bytes)});
        choice.hidden = false;
        status.textContent = "";
        pending = manifest;
      }).catch(function (error) {
        status.textContent = navigator.onLine ? (error.message || ds.failed) : ds.failed;
        button.disabled = false;
      });
    });
    if (confirm) confirm.addEventListener("click", function () {
      if (pending) run(pending, choice.querySelector("input[type=checkbox]").checked);
    });
  }

  /* ---- A saved lesson opened offline: quick checks scored here, progress queued ---- */
  var copy = doc.getElementById("offline-copy");
  var keys = {};
  if (copy) {
    try { keys = JSON.parse(doc.getElementById("offline-keys").textContent); } catch (e) { keys = {}; }
  }
  // Python's round() (half to even), as score_check rounds the percentage: 12.5 -> 12, 37.5 -> 38.
  function pyRound(x) {
    var f = Math.floor(x), d = x - f;
    if (Math.abs(d - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
    return Math.round(x);
  }
  // The server's rule (courses/services.py score_check): a single-choice question is right when exactly the one
  // right choice is picked; a multiple-choice question when exactly the right set is; percent >= pass to pass.
  function score(key, picked) {
    var correct = key.questions.map(function (q, i) {
      var chosen = (picked[String(i)] || []).map(function (v) { return q.choices[v]; }).filter(Boolean);
      var right = Object.keys(q.choices).filter(function (v) { return q.choices[v].correct; }).length;
      if (!q.multiple) return chosen.length === 1 && chosen[0].correct;
      return chosen.length > 0 && chosen.length === right && chosen.every(function (c) { return c.correct; });
    });
    var n = correct.filter(Boolean).length;
    var percent = correct.length ? pyRound(100 * n / correct.length) : 0;
    return {results: correct, percent: percent, passed: percent >= key.pass};
  }
  function localProgress(lessonId) {
    var all = read(LOCAL, {});
    return all[lessonId] || {passed: [], done: false};
  }
  function setLocal(lessonId, state) { var all = read(LOCAL, {}); all[lessonId] = state; write(LOCAL, all); }
  function courseOf(lessonId) {
    var all = saved();
    for (var id in all) {
      var lessons = all[id].lessons || [];
      for (var i = 0; i < lessons.length; i++) if (String(lessons[i].id) === String(lessonId)) return {course: all[id], index: i};
    }
    return null;
  }
  if (copy) {
    var ct = copy.dataset;  // the copy's own texts (templates/courses/lesson_page.html)
    var lessonId = parseInt(copy.dataset.lesson, 10);
    var found = courseOf(lessonId);
    var syncUrl = found ? found.course.sync : "";
    var title = doc.querySelector("h1") ? doc.querySelector("h1").textContent : "";
    var pendingChecks = (copy.dataset.pending || "").split(" ").filter(Boolean);
    var complete = doc.getElementById("complete");
    var showLocalDone = function () {
      var state = localProgress(lessonId);
      var left = pendingChecks.filter(function (b) { return state.passed.indexOf(b) < 0; });
      if (complete && copy.dataset.enrolled && (state.done || (pendingChecks.length && !left.length && copy.dataset.activities === "0"))) {
        var p = doc.createElement("p");
        p.className = "status-done offline-done";
        p.textContent = ct.doneOffline;
        var old = complete.querySelector(".offline-done");
        if (old) old.remove();
        complete.appendChild(p);
      }
    };
    showLocalDone();
    doc.querySelectorAll("form.check-form").forEach(function (form) {
      var section = form.closest(".check"), blockId = section ? section.id.replace(/^check-/, "") : "";
      var key = keys[blockId];
      if (!key) return;
      form.addEventListener("submit", function (e) {
        if (navigator.onLine) return; // online: the form posts as usual
        e.preventDefault();
        var picked = {}, token = form.querySelector("input[name=token]").value;
        key.questions.forEach(function (q, i) {
          picked[String(i)] = Array.prototype.map.call(form.querySelectorAll("input[name=q" + i + "]:checked"), function (el) { return el.value; });
        });
        var result = score(key, picked);
        var fieldsets = form.querySelectorAll("fieldset.question");
        result.results.forEach(function (ok, i) {
          var fs = fieldsets[i];
          if (!fs) return;
          fs.classList.remove("question-correct", "question-wrong");
          fs.classList.add(ok ? "question-correct" : "question-wrong");
          fs.querySelectorAll(".offline-feedback").forEach(function (el) { el.remove(); });
          (picked[String(i)] || []).forEach(function (v) {
            var c = key.questions[i].choices[v], input = fs.querySelector("input[value='" + v + "']");
            if (!c || !input) return;
            var p = doc.createElement("p");
            p.className = "feedback offline-feedback " + (c.correct ? "feedback-correct" : "feedback-wrong");
            p.textContent = (c.correct ? "✓ " : "✗ ") + (c.feedback || (c.correct ? ct.right : ct.wrong));
            input.closest("label").insertAdjacentElement("afterend", p);
          });
          var verdict = doc.createElement("p");
          verdict.className = "question-verdict offline-feedback";
          verdict.textContent = (ok ? ct.questionRight : ct.questionWrong) + (key.questions[i].explanation ? " " + key.questions[i].explanation : "");
          fs.appendChild(verdict);
        });
        var out = doc.getElementById("check-" + blockId + "-result");
        out.textContent = "";
        var line = doc.createElement("p");
        line.className = "feedback " + (result.passed ? "feedback-correct" : "feedback-wrong");
        var verdict = fmt(result.passed ? ct.passed : ct.failed, {percent: result.percent, needed: key.pass});
        line.textContent = verdict;
        out.appendChild(line);
        out.focus();
        if (result.passed) {
          var state = localProgress(lessonId);
          if (state.passed.indexOf(blockId) < 0) state.passed.push(blockId);
          setLocal(lessonId, state);
        }
        // "Will be sent" only once the answer is stored on the device: a learner moving on at once (or a page closed)
        // must not lose an event the page said it kept.
        queue({key: newKey(), type: "check", lesson: lessonId, block: blockId, token: token, answers: picked,
               claimed: {passed: result.passed, percent: result.percent}, title: title}, syncUrl).then(function () {
          line.textContent = verdict + " " + ct.queued;
          showLocalDone();
        });
      });
    });
    doc.querySelectorAll("form[action*='/complete/']").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (navigator.onLine) return;
        e.preventDefault();
        var state = localProgress(lessonId);
        var left = pendingChecks.filter(function (b) { return state.passed.indexOf(b) < 0; });
        if (!left.length && copy.dataset.activities === "0") { state.done = true; setLocal(lessonId, state); }
        queue({key: newKey(), type: "complete", lesson: lessonId, claimed: {complete: state.done}, title: title}, syncUrl).then(function () {
          var next = found && found.course.lessons[found.index + 1];
          if (next && form.querySelector("button").textContent.indexOf("→") >= 0) window.location.href = next.url;
          else showLocalDone();
        });
      });
    });
  }

  /* ---- Updates of saved courses (on the next connection), and the page "Đã tải về" ---- */
  function checkUpdates() {
    var all = saved(), ids = Object.keys(all);
    if (!navigator.onLine || !ids.length) return Promise.resolve();
    var last = read(CHECKED, 0);
    if (Date.now() - last < 5 * 60 * 1000 && !doc.getElementById("offline-saved")) return Promise.resolve();
    write(CHECKED, Date.now());
    return ids.reduce(function (chain, id) {
      return chain.then(function () {
        var record = all[id];
        if (!record.manifest) return null;
        return getManifest(record.manifest).then(function (manifest) {
          if (manifest.version === record.version) return null;
          var changed = manifest.lessons.filter(function (l) { return l.open && record.versions[l.id] !== l.version; });
          return saveCourse(manifest, record.videos, null, record).then(function (fresh) {
            if (changed.length) {
              fresh.changed = true;
              var current = saved(); current[id] = fresh; write(SAVED, current);
              announce(fmt(texts.changed, {title: fresh.title, n: changed.length}));
            }
          });
        }).catch(function () { return null; });
      });
    }, Promise.resolve()).then(renderSaved);
  }
  function renderSaved() {
    var holder = doc.getElementById("offline-saved");
    if (!holder) return;
    var hd = holder.dataset, list = doc.getElementById("offline-list"), all = saved(), ids = Object.keys(all);
    list.textContent = "";
    if (!ids.length) {
      var empty = doc.createElement("li"); empty.textContent = hd.empty; list.appendChild(empty);
    }
    ids.forEach(function (id) {
      var c = all[id], li = doc.createElement("li"), a = doc.createElement("a"), meta = doc.createElement("p");
      li.className = "offline-course";
      a.href = c.url; a.textContent = c.title;
      meta.className = "help";
      meta.textContent = [fmt(hd.lessons, {n: c.lessons.length}), fmt(hd.size, {size: size(c.bytes)}),
        fmt(hd.savedAt, {time: new Date(c.savedAt).toLocaleString("vi-VN")})].join(" · ") + (c.changed ? " · " + hd.changed : "");
      var free = doc.createElement("button");
      free.type = "button"; free.className = "button button-small button-secondary";
      free.textContent = hd.free;
      free.setAttribute("aria-label", hd.free + ": " + c.title);
      free.addEventListener("click", function () {
        caches.delete("hvs-course-" + id).then(function () {
          var current = saved(); delete current[id]; write(SAVED, current);
          renderSaved();
          announce(fmt(hd.freed, {title: c.title}));
        });
      });
      li.appendChild(a); li.appendChild(meta); li.appendChild(free);
      list.appendChild(li);
      if (c.changed) { c.changed = false; var cur = saved(); if (cur[id]) { cur[id].changed = false; write(SAVED, cur); } }
    });
    if (navigator.storage && navigator.storage.estimate) {
      navigator.storage.estimate().then(function (est) {
        doc.getElementById("offline-storage").textContent = fmt(hd.storage, {used: size(est.usage), quota: size(est.quota)});
      });
    }
  }
  renderSaved();
  showOutbox();
  if (navigator.onLine && Object.keys(saved()).length) flush().then(checkUpdates);
})();
