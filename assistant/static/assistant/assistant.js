// The learning assistant in place (issue 22). Loaded the first time a question box gets focus
// (assistant/_loader.html). Without it the form opens the answer page, which works the same.
(function () {
  "use strict";

  function resultFor(form) {
    var box = form.closest(".assistant-box") || document;
    return box.querySelector(".assistant-result");
  }

  function show(region, html) {
    region.innerHTML = html;
    region.setAttribute("tabindex", "-1");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches(".assistant-form")) {
      var region = resultFor(form);
      if (!region || !window.fetch) return;
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      params.set("fragment", "1");
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      region.setAttribute("aria-busy", "true");
      fetch(form.action + "?" + params.toString(), { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 429) {
            return response.text().then(function (text) {
              var page = new DOMParser().parseFromString(text, "text/html");
              var message = page.querySelector("main p, p");
              return '<p class="notice">' + (message ? message.textContent : "429") + "</p>";
            });
          }
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) { show(region, html); })
        .catch(function () { form.submit(); })
        .finally(function () {
          region.removeAttribute("aria-busy");
          if (button) button.disabled = false;
        });
    } else if (form.matches(".assistant-rate")) {
      event.preventDefault();
      var data = new FormData(form);
      var pressed = event.submitter;
      if (pressed && pressed.name) data.set(pressed.name, pressed.value);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                           headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var note = document.createElement("div");
          note.setAttribute("role", "status");
          note.innerHTML = html;
          form.replaceWith(note);
        })
        .catch(function () {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = "value";
          hidden.value = pressed ? pressed.value : "";
          form.appendChild(hidden);
          form.submit();
        });
    }
  });
  // Answers come in place from here on (a question sent before this line opens the answer page instead).
  document.documentElement.setAttribute("data-assistant-ready", "");
})();
