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

  function save(fs) {
    var status = fs.querySelector(".quiz-status");
    status.textContent = ds.savingText;
    fs.setAttribute("aria-busy", "true");
    return fetch(ds.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({position: Number(fs.dataset.position), fields: fieldsOf(fs)})
    }).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    }).then(function (res) {
      fs.removeAttribute("aria-busy");
      if (res.data.ok) {
        status.textContent = res.data.message;
        fs.classList.add("is-saved");
        if (res.data.seconds_left !== null && res.data.seconds_left !== undefined) countdown.sync(res.data.seconds_left);
        updateProgress();
      } else {
        status.textContent = res.data.error;
        if (res.status === 409) { window.setTimeout(function () { window.location.href = ds.resultUrl; }, 1500); }
      }
    }).catch(function () {
      fs.removeAttribute("aria-busy");
      status.textContent = ds.errorText;
    });
  }

  function answered(fs) {
    var f = fieldsOf(fs);
    return Object.keys(f).some(function (k) { return f[k].some(function (v) { return v !== ""; }); });
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
          if (other !== t && other.value === t.value) { other.value = t.dataset.prev; other.dataset.prev = other.value; }
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
    var endAt = null, said = {}, done = false;
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function sync(seconds) { endAt = Date.now() + seconds * 1000; }
    function tick() {
      if (endAt === null || done) return;
      var left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
      if (left <= 300 && left > 60 && !said.five) { said.five = true; alertEl.textContent = ds.fiveText; }
      if (left <= 60 && left > 0 && !said.one) { said.one = true; alertEl.textContent = ds.minuteText; }
      if (left === 0) {
        done = true;
        alertEl.textContent = ds.timeupText;
        form.action = ds.submitUrl;
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
