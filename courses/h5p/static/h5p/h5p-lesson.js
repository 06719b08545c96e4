/* Học vụ số: plays the H5P activities of a page with the self-hosted h5p-standalone player and sends the
   player's xAPI statements (those with a result, or "completed") to /h5p/xapi/<id>/ for the logged-in learner.
   Players start one after the other (h5p-standalone is not re-entrant); each player's statements are posted one at a time, in order. No CDN: every file comes from here. */
(function () {
  "use strict";
  if (window.__hvsH5P) { return; }
  window.__hvsH5P = true;

  var LOCAL_ID = "http://h5p.org/x-api/h5p-local-content-id";
  var players = {};  // content id (string) -> {config, el}

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.H5PStandalone) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function status(player, text) {
    var section = player.el.closest("[data-h5p-activity]");
    var target = section && section.querySelector("[data-h5p-status]");
    if (target) { target.textContent = text; }
  }

  function worthSending(statement) {
    if (!statement || !statement.verb) { return false; }
    if (statement.result) { return true; }
    return /\/(completed|passed|failed)$/.test(statement.verb.id || "");
  }

  function playerFor(statement) {
    var ext = statement.object && statement.object.definition && statement.object.definition.extensions;
    var id = ext && ext[LOCAL_ID];
    if (id !== undefined && players[String(id)]) { return players[String(id)]; }
    var ids = Object.keys(players);
    return ids.length === 1 ? players[ids[0]] : null;
  }

  function send(statement) {
    var player = playerFor(statement);
    if (!player || !player.config.xapiUrl || !worthSending(statement)) { return; }
    var body = JSON.stringify({ statement: statement });
    if (body.length > 60000) { return; }
    // One request at a time per activity, in the order the player emitted them ("answered" then "completed"
    // arrive together): the server stores them in order and never races itself on the learner's best result.
    player.queue = (player.queue || Promise.resolve()).then(function () { return post(player, body); });
  }

  function post(player, body) {
    return fetch(player.config.xapiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: body
    }).then(function (response) {
      if (response.status === 401) { status(player, player.el.dataset.loginText); return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      if (data && data.best_percent !== null && data.best_percent !== undefined) {
        status(player, player.el.dataset.doneText.replace("%s", data.best_percent));
      }
      document.dispatchEvent(new CustomEvent("h5p:stored", { detail: { activity: player.config.activity, data: data } }));
    }).catch(function () {
      status(player, player.el.dataset.errorText);
    });
  }

  function start() {
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-h5p-player]"));
    if (!elements.length) { return; }
    var listening = false;
    elements.reduce(function (chain, el) {
      return chain.then(function () {
        var script = document.getElementById(el.dataset.h5pPlayer);
        if (!script || el.dataset.h5pStarted) { return null; }
        el.dataset.h5pStarted = "1";
        var config = JSON.parse(script.textContent);
        var options = Object.assign({}, config.options, { id: String(config.activity) });
        players[String(config.activity)] = { config: config, el: el };
        return loadScript(config.playerJs).then(function () {
          return new window.H5PStandalone.H5P(el, options);
        }).then(function () {
          el.dataset.h5pReady = "1";
          if (!listening && window.H5P && window.H5P.externalDispatcher) {
            listening = true;
            window.H5P.externalDispatcher.on("xAPI", function (event) {
              send(event && event.data ? event.data.statement : null);
            });
          }
        }).catch(function (error) {
          el.dataset.h5pError = String(error);
          status(players[String(config.activity)], el.dataset.errorText);
        });
      });
    }, Promise.resolve());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
