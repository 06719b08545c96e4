/* The trainer's pages (classes/): the rotating QR code, and attendance marks that survive a lost connection.
   Marks are kept in localStorage under an idempotency key until the server has answered; the server applies each
   key once (classes.services.mark_apply), so sending one again after a timeout changes nothing. No inline code:
   the CSP allows this file only. */
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* --- The QR screen ----------------------------------------------------------------------------------- */
  var qr = document.getElementById("qr");
  if (qr) {
    var qrTexts = document.getElementById("qr-texts").dataset;
    var left = parseInt(qr.dataset.secondsLeft, 10) || 30;
    var countdown = qr.querySelector("[data-qr-countdown]");
    var attended = qr.querySelector("[data-qr-attended]");
    var refresh = function () {
      fetch(qr.dataset.jsonUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) {
          qr.querySelector("[data-qr-svg]").innerHTML = data.svg; // the server's own SVG (segno), no user text
          qr.dataset.checkinUrl = data.url;
          left = data.seconds_left;
          attended.textContent = fill(qrTexts.attended, { n: data.attended });
        })
        .catch(function () { countdown.textContent = qrTexts.offline; left = 5; });
    };
    setInterval(function () {
      left -= 1;
      if (left <= 0) { left = 30; refresh(); return; }
      countdown.textContent = fill(qrTexts.countdown, { s: left });
    }, 1000);
    refresh();
  }

  /* --- The attendance sheet: marks queued and synced ---------------------------------------------------- */
  var sheet = document.getElementById("mark-sheet");
  if (!sheet) { return; }
  var texts = document.getElementById("mark-texts").dataset;
  var storeKey = "classes-marks-" + sheet.dataset.session;
  var status = sheet.querySelector("[data-sync-status]");
  var log = sheet.querySelector("[data-mark-log]");
  var csrf = sheet.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function queue() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(marks) { localStorage.setItem(storeKey, JSON.stringify(marks)); }

  function showPresent(userId) {
    var row = sheet.querySelector('tr[data-user="' + userId + '"] [data-mark-cell]');
    if (row) {
      var span = document.createElement("span");
      span.className = "status-done";
      span.setAttribute("data-present", "");
      span.textContent = texts.present;
      row.replaceChildren(span);
    }
  }

  function note(text) {
    var item = document.createElement("li");
    item.textContent = text;
    log.prepend(item);
  }

  function flush() {
    if (sending) { return; }
    var marks = queue();
    if (!marks.length) { return; }
    sending = true;
    var mark = marks[0];
    fetch(sheet.dataset.markUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(mark)
    }).then(function (r) {
      if (r.status >= 500 || r.status === 429) { throw new Error(r.status); }
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (answer) {
      save(queue().filter(function (m) { return m.key !== mark.key; })); // answered: never sent again
      if (answer.ok && (answer.data.outcome === "marked" || answer.data.outcome === "already") && mark.user_id) {
        showPresent(mark.user_id);
      }
      note((mark.label ? mark.label + ": " : "") + (answer.data.text || answer.data.error || ""));
      sending = false;
      if (queue().length) { flush(); } else { status.textContent = texts.synced; }
    }).catch(function () {
      sending = false;
      status.textContent = fill(texts.offline, { n: queue().length });
    });
  }

  sheet.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-mark-form]");
    if (!form) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var mark = { key: newKey(), marked_at: new Date().toISOString() };
    if (data.get("user_id")) {
      mark.user_id = parseInt(data.get("user_id"), 10);
      var name = form.closest("tr").querySelector("th").textContent.trim();
      mark.label = name;
      form.querySelector("button").disabled = true;
      form.querySelector("button").textContent = texts.queued;
    } else {
      mark.phone = data.get("phone") || "";
      mark.full_name = data.get("full_name") || "";
      mark.label = mark.phone;
      form.reset();
    }
    var marks = queue();
    marks.push(mark);
    save(marks);
    status.textContent = navigator.onLine ? "" : fill(texts.offline, { n: marks.length });
    flush();
  });

  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  flush();
})();
