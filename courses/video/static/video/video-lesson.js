/* Học vụ số: the lesson's videos report the seconds actually played (the browser's own `played` ranges: seeking
   ahead plays nothing, so it counts nothing) to /video/watch/<lesson>/<block>/, and start where the learner left
   off on any device. Signed-in learners only; the page itself is the same for everyone (the learner's progress is
   fetched here, not written into the page). Reports: 5 s after playing starts, then every 15 s while playing, on
   pause and end, and when the page is hidden or left (sendBeacon). The server merges and caps what it is sent.
   A choice of rendition (light or sharper) is offered to everyone when there are two. */
(function () {
  "use strict";
  if (window.__hvsVideo) { return; }
  window.__hvsVideo = true;

  var FIRST_REPORT_MS = 5000;
  var REPORT_MS = 15000;

  function signedIn() {
    return !!document.querySelector("form[action*='/logout/'] input[name=csrfmiddlewaretoken]");
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function clock(seconds) {
    seconds = Math.floor(seconds);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function Tracker(video) {
    this.video = video;
    this.url = video.getAttribute("data-video-watch");
    this.status = video.closest("figure").querySelector("[data-video-status]");
    this.resumeAt = 0;
    this.resumed = false;
    this.sent = "";
    this.lastSent = 0;
    this.playingSince = 0;
    this.busy = false;
    this.pending = false;
    var self = this;
    video.addEventListener("play", function () { self.onPlay(); });
    video.addEventListener("timeupdate", function () { self.tick(); });
    video.addEventListener("pause", function () { self.report(false); });
    video.addEventListener("ended", function () { self.report(false); });
    this.load();
  }

  Tracker.prototype.say = function (state) {
    if (!this.status || !state) { return; }
    var v = this.video, parts = [];
    parts.push(v.getAttribute("data-watched-text").replace("%s", state.percent));
    if (state.met && Number(v.getAttribute("data-required")) > 0) { parts.push(v.getAttribute("data-met-text")); }
    if (!this.resumed && state.resume > 0) { parts.push(v.getAttribute("data-resume-text").replace("%s", clock(state.resume))); }
    this.status.textContent = parts.join(" ");
  };

  Tracker.prototype.load = function () {
    var self = this;
    fetch(this.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        self.resumeAt = state.resume || 0;
        self.say(state);
      })
      .catch(function () { /* offline: the video still plays; reports are retried */ });
  };

  Tracker.prototype.seekToResume = function () {
    var v = this.video, at = this.resumeAt;
    if (at > 0 && v.currentTime < 1) { v.currentTime = at; }
  };

  Tracker.prototype.onPlay = function () {
    var self = this;
    if (!this.playingSince) { this.playingSince = Date.now(); }
    if (!this.resumed) {
      this.resumed = true;
      if (this.video.readyState >= 1) { this.seekToResume(); }
      else { this.video.addEventListener("loadedmetadata", function () { self.seekToResume(); }, { once: true }); }
    }
  };

  Tracker.prototype.intervals = function () {
    var ranges = this.video.played, list = [];
    for (var i = 0; i < ranges.length && list.length < 200; i++) {
      var start = Math.round(ranges.start(i) * 100) / 100, end = Math.round(ranges.end(i) * 100) / 100;
      if (end > start) { list.push([start, end]); }
    }
    return list;
  };

  Tracker.prototype.payload = function () {
    var intervals = this.intervals();
    if (!intervals.length) { return null; }
    return JSON.stringify({ intervals: intervals, position: Math.round(this.video.currentTime * 100) / 100 });
  };

  Tracker.prototype.tick = function () {
    if (this.video.paused || !this.playingSince) { return; }
    var now = Date.now();
    var due = this.lastSent ? this.lastSent + REPORT_MS : this.playingSince + FIRST_REPORT_MS;
    if (now >= due) { this.report(false); }
  };

  Tracker.prototype.report = function (leaving) {
    var body = this.payload();
    if (!body || body === this.sent) { return; }
    if (this.busy && !leaving) { this.pending = true; return; }  // sent once the report in flight is answered
    this.lastSent = Date.now();
    if (leaving && navigator.sendBeacon) {
      var form = new URLSearchParams();
      form.set("csrfmiddlewaretoken", csrfToken());
      form.set("data", body);
      if (navigator.sendBeacon(this.url, form)) { this.sent = body; }
      return;
    }
    var self = this;
    this.busy = true;
    fetch(this.url, {
      method: "POST", credentials: "same-origin", keepalive: true, body: body,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (state) {
      self.sent = body;
      self.say(state);
    }).catch(function () {
      if (self.status) { self.status.textContent = self.video.getAttribute("data-error-text"); }
    }).then(function () {
      self.busy = false;
      if (self.pending) { self.pending = false; self.report(false); }
    });
  };

  // The choice of rendition (the light one plays first): what was played so far is reported first, since a new
  // source empties the browser's played ranges; playback goes on from the same second.
  function quality(video, tracker) {
    var row = video.closest("figure").querySelector("[data-video-quality-row]");
    if (!row) { return; }
    var select = row.querySelector("select");
    row.hidden = false;
    select.addEventListener("change", function () {
      var at = video.currentTime, playing = !video.paused;
      if (tracker) { tracker.report(false); }
      video.src = select.value;
      video.addEventListener("loadedmetadata", function () {
        video.currentTime = at;
        if (playing) { video.play(); }
      }, { once: true });
      video.load();
    });
  }

  function start() {
    var tracking = signedIn() && !!window.fetch;
    var trackers = [];
    document.querySelectorAll("video[data-video-watch]").forEach(function (video) {
      var tracker = tracking ? new Tracker(video) : null;
      if (tracker) { trackers.push(tracker); }
      quality(video, tracker);
    });
    if (!tracking) { return; }
    function leave() { trackers.forEach(function (t) { t.report(true); }); }
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leave(); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
