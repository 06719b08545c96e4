/* Học vụ số – the service worker's own part (issue 20; docs/offline.md). Built into lms/pwa/worker.js after the
   Workbox libraries (npm: workbox-core, -routing, -strategies, -precaching, -range-requests) by `npm run build:sw`; served at /sw.js
   by lms/pwa (which fills in HVS_PRECACHE: the stylesheet, offline.js and the offline page, with revisions).

   - Pages (navigations): the network first; when it fails or takes longer than 6 s, the copy saved with a course
     (the caches "hvs-course-<id>", written by static/js/offline.js), else the offline page. Pages from the network
     are never stored here: a saved course is the only copy of a learner's page on the device.
   - Uploaded images and documents: from a saved course when there, else the network (never stored here either);
     a saved video answers the player's range requests (206) from the saved file.
   - The admin is left alone (no route: the browser's own handling).
   - The site's static files: stale-while-revalidate in "hvs-static" (at most 40 files).
   - Background Sync "hvs-outbox": sends the outbox (IndexedDB "hvs-offline", filled by offline.js) to the server,
     which scores every check again; answered events leave the outbox. */
(function () {
  "use strict";
  var wb = self.workbox;
  var PRECACHE = self.HVS_PRECACHE || [];
  var FALLBACK = self.HVS_FALLBACK || "/learn/offline/";
  var MEDIA = self.HVS_MEDIA || "/media/";

  self.addEventListener("install", function () { self.skipWaiting(); });
  wb.core.clientsClaim();
  wb.core.setCacheNameDetails({prefix: "hvs", suffix: ""});
  wb.precaching.cleanupOutdatedCaches();
  wb.precaching.precacheAndRoute(PRECACHE, {ignoreURLParametersMatching: [/.*/]});

  function fromSaved(request) {
    return caches.keys().then(function (names) {
      var saved = names.filter(function (n) { return n.indexOf("hvs-course-") === 0; });
      return saved.reduce(function (found, name) {
        return found.then(function (hit) {
          return hit || caches.open(name).then(function (c) { return c.match(request, {ignoreSearch: true, ignoreVary: true}); });
        });
      }, Promise.resolve(undefined));
    });
  }
  var neverStore = {cacheWillUpdate: function () { return Promise.resolve(null); }};
  var savedCopy = {
    cachedResponseWillBeUsed: function (p) { return p.cachedResponse ? Promise.resolve(p.cachedResponse) : fromSaved(p.request); }
  };
  var offlinePage = {
    handlerDidError: function () { return wb.precaching.matchPrecache(FALLBACK); }
  };

  wb.routing.registerRoute(function (o) {
    return o.request.mode === "navigate" && !/^\/(django-)?admin\//.test(o.url.pathname);
  },
    new wb.strategies.NetworkFirst({cacheName: "hvs-none", networkTimeoutSeconds: 6, plugins: [neverStore, savedCopy, offlinePage]}));
  wb.routing.registerRoute(function (o) {
    return o.url.origin === self.location.origin && (o.url.pathname.indexOf(MEDIA) === 0 || o.url.pathname.indexOf("/documents/") === 0);
  }, new wb.strategies.CacheFirst({cacheName: "hvs-none",
    plugins: [neverStore, savedCopy, new wb.rangeRequests.RangeRequestsPlugin()]}));
  var trim = {
    cacheDidUpdate: function (p) {
      return caches.open(p.cacheName).then(function (c) {
        return c.keys().then(function (keys) { return Promise.all(keys.slice(0, Math.max(0, keys.length - 40)).map(function (k) { return c.delete(k); })); });
      });
    }
  };
  wb.routing.registerRoute(function (o) { return o.url.origin === self.location.origin && o.url.pathname.indexOf("/static/") === 0; },
    new wb.strategies.StaleWhileRevalidate({cacheName: "hvs-static", plugins: [trim]}));

  /* ---- The outbox, sent by Background Sync ---- */
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
  function getAll(d, store) {
    return new Promise(function (resolve) { var r = d.transaction(store).objectStore(store).getAll(); r.onsuccess = function () { resolve(r.result); }; });
  }
  function send() {  // one sender at a time on the device (pages send too): a Web Lock
    return self.navigator.locks ? self.navigator.locks.request("hvs-outbox", sendNow) : sendNow();
  }
  function sendNow() {
    return db().then(function (d) {
      return Promise.all([getAll(d, "outbox"), getAll(d, "meta")]).then(function (got) {
        var events = got[0].sort(function (a, b) { return a.at < b.at ? -1 : 1; }).slice(0, 50);
        var meta = got[1].filter(function (m) { return m.name === "sync"; })[0];
        if (!events.length || !meta) return null;
        return fetch(meta.url, {method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": meta.csrf},
          body: JSON.stringify({events: events.map(function (e) { var c = Object.assign({}, e); delete c.at; delete c.title; return c; })})
        }).then(function (r) {
          if (!r.ok) throw new Error("sync " + r.status); // tried again by the browser later
          return r.json();
        }).then(function (data) {
          return new Promise(function (resolve) {
            var t = d.transaction("outbox", "readwrite");
            (data.results || []).forEach(function (x) { if (x.key) t.objectStore("outbox").delete(x.key); });
            t.oncomplete = resolve;
          });
        }).then(function () {
          return self.clients.matchAll().then(function (list) { list.forEach(function (c) { c.postMessage({type: "hvs-synced"}); }); });
        });
      }).finally(function () { d.close(); });
    });
  }
  self.addEventListener("sync", function (event) {
    if (event.tag === "hvs-outbox") event.waitUntil(send());
  });
})();
