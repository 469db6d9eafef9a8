/* A visible character counter under every text box that has a limit (issue 8 item 16).
   lib/forms.py marks such a field with data-char-counter and maxlength; this script puts a
   small "n / max" line after it and keeps it current. No inline script: the
   Content-Security-Policy allows none. Text boxes swapped in by htmx get theirs too. */
(function () {
  "use strict";

  function counterFor(field) {
    var next = field.nextElementSibling;
    if (next && next.classList.contains("char-counter")) return next;
    var counter = document.createElement("div");
    counter.className = "char-counter form-text text-end";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    return counter;
  }

  function update(field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max) return;
    var length = Array.from(field.value).length;
    var counter = counterFor(field);
    counter.textContent = length + " / " + max;
    counter.classList.toggle("text-danger", length >= max);
  }

  function setUp(root) {
    (root || document).querySelectorAll("[data-char-counter]").forEach(update);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof Element && target.matches("[data-char-counter]")) update(target);
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
