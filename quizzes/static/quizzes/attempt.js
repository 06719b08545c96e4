/* Học vụ số – attempt page: autosave each answer (JSON POST with the CSRF token), a countdown computed
   from the server's remaining time, and rank swapping for ordering questions. Without JavaScript the page
   still works: each "Lưu" button and "Nộp bài" submit the whole form. */
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch || !window.JSON) return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var ds = form.dataset;
  var typing = {};

  function fieldsOf(fs) {
    var out = {};
    fs.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name === "positions" || el.type === "submit" || el.type === "button" || el.type === "hidden") return;
      out[el.name] = out[el.name] || [];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out[el.name].push(el.value);
    });
    return out;
  }

  // Saves that failed for a reason that passes (connection lost, server or database unavailable, rate limit)
  // are retried with a growing delay (2, 4, 8… up to 30 s, or the server's Retry-After) and at once when the
  // browser comes back online. Each retry sends the question's current answer, so nothing is sent twice out
  // of order. "Nộp bài" posts the whole form anyway, so a save still pending is not lost by submitting.
  var pending = {};
  var banner = document.getElementById("quiz-connection");

  function pendingCount() { return Object.keys(pending).length; }

  function showBanner(recovered) {
    if (!banner) return;
    var n = pendingCount();
    if (n) {
      banner.textContent = ds.offlineText.replace("%(n)s", n);
      banner.hidden = false;
    } else if (recovered && !banner.hidden) {
      banner.textContent = ds.recoveredText;
      window.setTimeout(function () { if (!pendingCount()) banner.hidden = true; }, 5000);
    }
  }

  function retryLater(fs, status, retryAfter) {
    var pos = fs.dataset.position;
    var entry = pending[pos] || {tries: 0};
    window.clearTimeout(entry.timer);
    entry.tries += 1;
    var delay = Math.min(30, Math.pow(2, entry.tries));
    if (retryAfter > 0) delay = Math.max(delay, Math.min(60, retryAfter));
    entry.timer = window.setTimeout(function () { save(fs); }, delay * 1000);
    pending[pos] = entry;
    status.textContent = ds.retryText.replace("%(s)s", delay);
    fs.classList.remove("is-saved");
    fs.classList.add("is-unsaved");
    showBanner(false);
  }

  function saved(fs) {
    var pos = fs.dataset.position;
    var was = !!pending[pos];
    if (was) { window.clearTimeout(pending[pos].timer); delete pending[pos]; }
    fs.classList.remove("is-unsaved");
    showBanner(was);
  }

  function save(fs) {
    var status = fs.querySelector(".quiz-status");
    var pos = fs.dataset.position;
    if (pending[pos]) window.clearTimeout(pending[pos].timer);
    status.textContent = ds.savingText;
    fs.setAttribute("aria-busy", "true");
    return fetch(ds.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({position: Number(pos), fields: fieldsOf(fs)})
    }).then(function (r) {
      var retryAfter = Number(r.headers.get("Retry-After")) || 0;
      return r.json().then(function (data) { return {status: r.status, data: data, retryAfter: retryAfter}; },
                           function () { return {status: r.status, data: null, retryAfter: retryAfter}; });
    }).then(function (res) {
      fs.removeAttribute("aria-busy");
      if (res.data && res.data.ok) {
        saved(fs);
        status.textContent = res.data.message;
        fs.classList.add("is-saved");
        if (res.data.seconds_left !== null && res.data.seconds_left !== undefined) countdown.sync(res.data.seconds_left);
        updateProgress();
      } else if (res.status >= 500 || res.status === 429 || res.status === 408) {
        retryLater(fs, status, res.retryAfter);  // the server or its database is away for a moment
      } else {
        saved(fs);  // a refusal that a retry would not change: say why, stop retrying
        status.textContent = (res.data && res.data.error) || ds.errorText;
        if (res.status === 409) { window.setTimeout(function () { window.location.href = ds.resultUrl; }, 1500); }
      }
    }).catch(function () {
      fs.removeAttribute("aria-busy");
      retryLater(fs, status, 0);  // no answer at all: the connection is down
    });
  }

  window.addEventListener("online", function () {
    Object.keys(pending).forEach(function (pos) {
      var fs = form.querySelector('fieldset.quiz-question[data-position="' + pos + '"]');
      if (fs) save(fs);
    });
    if (banner && !pendingCount() && banner.dataset.offline) {
      delete banner.dataset.offline;
      banner.textContent = ds.recoveredText;
      window.setTimeout(function () { if (!pendingCount() && !banner.dataset.offline) banner.hidden = true; }, 5000);
    }
  });

  // Standard tests are online only (issue 20), but the page says plainly when the device goes offline: the answers
  // stay on the page, saves resume by themselves, and the test goes on from here when the connection returns.
  // "Nộp bài" waits for the connection (a post while offline would leave the page for the browser's error page).
  function offlineNotice() {
    if (!banner || navigator.onLine !== false) return;
    banner.dataset.offline = "1";
    banner.textContent = ds.offlineNowText;
    banner.hidden = false;
  }
  window.addEventListener("offline", offlineNotice);
  offlineNotice();
  form.addEventListener("submit", function (e) {
    if (navigator.onLine !== false) return;
    e.preventDefault();
    offlineNotice();
    if (banner) banner.textContent = ds.offlineNowText + " " + ds.offlineSubmitText;
  });

  function answered(fs) {
    var f = fieldsOf(fs);
    return Object.keys(f).some(function (k) { return k !== "flag" && f[k].some(function (v) { return v !== ""; }); });
  }

  function updateProgress() {
    var el = document.querySelector(".quiz-progress");
    if (!el) return;
    var all = form.querySelectorAll("fieldset.quiz-question");
    var n = 0;
    all.forEach(function (fs) { if (answered(fs)) n += 1; });
    el.textContent = el.textContent.replace(/\d+\/\d+/, n + "/" + all.length);
  }

  form.querySelectorAll("fieldset.quiz-question").forEach(function (fs) {
    var pos = fs.dataset.position;
    fs.querySelectorAll("select.quiz-rank").forEach(function (sel) { sel.dataset.prev = sel.value; });
    fs.addEventListener("change", function (e) {
      var t = e.target;
      if (t.classList && t.classList.contains("quiz-rank")) {  // keep ranks a permutation: swap
        fs.querySelectorAll("select.quiz-rank").forEach(function (other) {
          if (other !== t && t.value !== "" && other.value === t.value) { other.value = t.dataset.prev || ""; other.dataset.prev = other.value; }
        });
        t.dataset.prev = t.value;
      }
      window.clearTimeout(typing[pos]);
      save(fs);
    });
    fs.addEventListener("input", function (e) {
      if (e.target.type !== "text") return;
      window.clearTimeout(typing[pos]);
      typing[pos] = window.setTimeout(function () { save(fs); }, 1000);
    });
    var button = fs.querySelector(".quiz-save-button");
    if (button) button.addEventListener("click", function (e) { e.preventDefault(); save(fs); });
  });

  var countdown = (function () {
    var el = document.getElementById("quiz-timer");
    var alertEl = document.getElementById("quiz-timer-alert");
    // Screen readers hear the time without being flooded: the visible countdown (role=timer, aria-live=off)
    // is silent; the polite region #quiz-timer-alert speaks once when 10, 5 and 1 minute are left (only the
    // latest threshold if several were crossed at once, e.g. in a background tab) and when time is up.
    // A page opened below a threshold says "less than N minutes" once.
    var thresholds = [[600, ds.tenText, 10], [300, ds.fiveText, 5], [60, ds.minuteText, 1]];
    var endAt = null, said = {}, done = false, first = true;
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function sync(seconds) { endAt = Date.now() + seconds * 1000; }
    function say(text) { if (alertEl && text) alertEl.textContent = text; }
    function tick() {
      if (endAt === null || done) return;
      var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      var due = null;
      thresholds.forEach(function (t) {
        if (left <= t[0] && !said[t[0]]) { said[t[0]] = true; due = t; }
      });
      if (due && left > 0) {
        say(first && left < due[0] - 2 ? (ds.underText || "").replace("%(n)s", due[2]) : due[1]);
      }
      first = false;
      if (left === 0) {
        done = true;
        say(ds.timeupText);
        form.action = ds.submitUrl;
        var confirm = document.createElement("input");
        confirm.type = "hidden"; confirm.name = "confirm"; confirm.value = "timeup";
        form.appendChild(confirm);
        form.submit();
      }
    }
    if (el) {
      sync(Number(el.dataset.secondsLeft));
      tick();
      window.setInterval(tick, 1000);
    }
    return {sync: sync};
  })();
})();
