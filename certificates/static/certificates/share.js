/* "Sao chép" buttons beside the share links of "Chứng nhận của tôi". Without JavaScript the buttons stay hidden:
   the read-only field (select it, copy) and the plain link still work. */
(function () {
  "use strict";
  var script = document.currentScript;
  var copiedText = (script && script.getAttribute("data-copied")) || "Copied.";
  function announce(button) {
    var status = button.closest(".cert-share").querySelector(".cert-copied");
    if (status) { status.textContent = copiedText; }
  }
  document.querySelectorAll("button.cert-copy").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      input.focus();
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { announce(button); }, function () {
          if (document.execCommand("copy")) { announce(button); }
        });
      } else if (document.execCommand("copy")) {
        announce(button);
      }
    });
  });
})();
