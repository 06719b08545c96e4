// Progressive enhancement for the profile form: when the province changes, ask the server for the form again
// (the same "refresh" step as without JavaScript) and swap in the new commune and unit lists. Nothing is saved.
(function () {
  var form = document.querySelector("[data-profile-form]");
  if (!form || !window.fetch || !window.FormData || !window.DOMParser) return;
  document.documentElement.classList.add("js");
  var province = form.querySelector("select[name=province]");
  if (!province) return;
  province.addEventListener("change", function () {
    var data = new FormData(form);
    data.set("refresh", "1");
    data.delete("commune");
    data.delete("unit");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["commune", "unit"].forEach(function (name) {
          var fresh = doc.querySelector("select[name=" + name + "]");
          var current = form.querySelector("select[name=" + name + "]");
          if (fresh && current) current.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () { document.documentElement.classList.remove("js"); });
  });
})();
