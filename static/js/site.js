/* Site-wide behaviour, declared by data attributes in the templates: the Content-Security-Policy
   allows no inline script or handler (issue 13), so every page's small scripts live here.

   data-autosubmit            on a <select>: submit its form when the choice changes
   data-confirm="question"    on a button or link: ask before going on
   data-check-all="selector"  on a checkbox: tick or untick every box matching the selector
   data-filter-form           on an htmx filter form: a change of any field but the search box
                              ("q", which searches as you type) fires "filter-change"
   data-drop-empty            on an htmx form: empty fields are left out of the request, so the
                              address pushed to the history stays short */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
      return;
    }
    if (target.matches("[data-check-all]")) {
      document.querySelectorAll(target.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = target.checked;
      });
      return;
    }
    var filter = target.closest("form[data-filter-form]");
    if (filter && target.name !== "q" && window.htmx) {
      window.htmx.trigger(filter, "filter-change");
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest("[data-drop-empty]")) return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (name) { if (params[name] === "") delete params[name]; });
  });
})();
