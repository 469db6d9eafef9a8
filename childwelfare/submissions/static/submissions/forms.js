/* Forms that survive people (issue 8, items 5 and 6). No inline script: the
   Content-Security-Policy allows only files of this site. Every text shown comes from the page
   (submissions/_page_parts.html), so it is translated there.

   1. A POST form submits once: a second submit of the same form before the answer arrives is
      dropped and its buttons are disabled (re-enabled after 10 s or when the page is shown
      again from the history). The server guards creating forms too (submissions.once).

   2. Local drafts. A POST form holding a field marked data-draft (every textarea, set by
      lib/forms.py) or itself marked data-draft keeps what is typed in this browser's
      localStorage under "tonghu.draft.<user id>.<path>#<form>", never sent anywhere.
      Privacy (children's data on a shared office computer): only the signed-in user's drafts
      are kept (a page of another user deletes them), every draft is deleted on 退出 (sign
      out), and a draft older than 7 days is deleted. Hidden fields, passwords and files are
      never stored. A draft is deleted when its form was sent and a page of the signed-in
      user came back; when the answer was the login page (the session had ended) or the page
      for a stale form (data-keep-drafts), the draft is kept and restored, with the notice
      已恢复未提交的草稿 and a 放弃草稿 button, the next time the form is opened.

   3. The session warning. <body data-session-idle data-session-left> (seconds without a
      request before the session ends, seconds to its absolute end) drive a banner shown a few
      minutes before the end (5 minutes, or a third of the idle time if that is shorter); its
      继续工作 button posts to the keep-alive address, which renews the session. Activity in
      another tab of the site counts (localStorage "tonghu.session.activity"). */
(function () {
  "use strict";

  var DRAFT_PREFIX = "tonghu.draft.";
  var ACTIVITY_KEY = "tonghu.session.activity";
  var DRAFT_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
  var RESUBMIT_AFTER_MS = 10000;
  var SKIPPED_TYPES = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  var body = document.body;
  var user = body.getAttribute("data-user") || "";

  function store() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function read(key) {
    var storage = store();
    if (!storage) return null;
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    var storage = store();
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or refused: no draft, nothing else breaks */
    }
  }

  function draftKeys() {
    var storage = store();
    var keys = [];
    if (!storage) return keys;
    for (var i = 0; i < storage.length; i += 1) {
      var key = storage.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  function removeKey(key) {
    var storage = store();
    if (storage) storage.removeItem(key);
  }

  function ownKey(key) {
    return user !== "" && key.indexOf(DRAFT_PREFIX + user + ".") === 0;
  }

  /* ---- 1 + 2: submitting ------------------------------------------------------------ */

  function isPost(form) {
    return (form.getAttribute("method") || "get").toLowerCase() === "post";
  }

  function draftForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
      if (!isPost(form) || form.getAttribute("data-draft") === "off") return false;
      return form.hasAttribute("data-draft") || form.querySelector("[data-draft]") !== null;
    });
  }

  function formKey(form, forms) {
    function identity(item) {
      var action = (item.getAttribute("action") || "").split("#")[0];
      var name = item.elements.namedItem("form");
      return action + "|" + (name && name.value !== undefined ? name.value : "");
    }
    var own = identity(form);
    var index = forms.filter(function (item) { return identity(item) === own; }).indexOf(form);
    return DRAFT_PREFIX + user + "." + window.location.pathname + window.location.search + "#" + own + "|" + index;
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !field.disabled && SKIPPED_TYPES.indexOf(field.type) === -1;
    });
  }

  function snapshot(form) {
    return keptFields(form).map(function (field) {
      if (field.type === "checkbox" || field.type === "radio") return [field.name, field.value, field.checked];
      if (field.type === "select-multiple") {
        return [field.name, Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; })];
      }
      return [field.name, field.value];
    });
  }

  function restore(form, fields) {
    var texts = {};
    var ticks = {};
    fields.forEach(function (entry) {
      if (entry.length === 3) {
        ticks[entry[0] + "\u0000" + entry[1]] = entry[2];
      } else {
        (texts[entry[0]] = texts[entry[0]] || []).push(entry[1]);
      }
    });
    keptFields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        var tick = ticks[field.name + "\u0000" + field.value];
        if (tick !== undefined) field.checked = tick;
      } else if (texts[field.name] && texts[field.name].length) {
        var value = texts[field.name].shift();
        if (field.type === "select-multiple") {
          Array.prototype.forEach.call(field.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
        } else {
          field.value = value;
        }
      }
    });
  }

  function showsErrors(form) {
    return form.querySelector(".is-invalid, .errorlist, .alert-danger, .invalid-feedback") !== null;
  }

  function showNotice(form, key) {
    var template = document.getElementById("draft-notice");
    if (!template) return;
    var notice = template.content.firstElementChild.cloneNode(true);
    form.insertBefore(notice, form.firstChild);
    notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
      removeKey(key);
      var boxes = form.querySelectorAll("input[type=checkbox], input[type=radio]");
      var before = Array.prototype.map.call(boxes, function (box) { return box.checked; });
      form.reset();
      notice.remove();
      Array.prototype.forEach.call(boxes, function (box, index) {
        if (box.checked !== before[index]) box.dispatchEvent(new Event("change", { bubbles: true }));
      });
      removeKey(key);
    });
    for (var parent = form.parentElement; parent; parent = parent.parentElement) {
      if (parent.tagName === "DETAILS") parent.open = true;
    }
  }

  function setUpDrafts() {
    var now = Date.now();
    var keepHere = document.querySelector("[data-keep-drafts]") !== null;
    draftKeys().forEach(function (key) {
      var draft = read(key);
      if (!draft || !(now - draft.savedAt < DRAFT_KEEP_MS) || (user && !ownKey(key))) {
        removeKey(key);
      } else if (draft.submitted && (!user || keepHere)) {
        /* The answer to the form was the login page or the stale-form page: not saved. */
        draft.submitted = false;
        draft.interrupted = true;
        write(key, draft);
      } else if (draft.submitted) {
        removeKey(key);
      }
    });
    if (!user) return;
    var forms = draftForms();
    forms.forEach(function (form) {
      var key = formKey(form, forms);
      var draft = read(key);
      if (draft && showsErrors(form)) {
        write(key, { savedAt: Date.now(), fields: snapshot(form) });
      } else if (draft) {
        restore(form, draft.fields);
        showNotice(form, key);
        /* Whatever listens to a box (the colour preview, through htmx) hears of each one the
           draft changed. */
        Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox], input[type=radio]"), function (box) {
          if (box.checked !== box.defaultChecked) box.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
      function save() {
        write(key, { savedAt: Date.now(), fields: snapshot(form) });
      }
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.setAttribute("data-draft-key", key);
    });
  }

  function release(form) {
    form.removeAttribute("data-submitting");
    Array.prototype.forEach.call(form.querySelectorAll("[data-submit-disabled]"), function (button) {
      button.disabled = false;
      button.removeAttribute("data-submit-disabled");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented || !isPost(form)) return;
    if (form.hasAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "");
    if (form.hasAttribute("data-clear-drafts")) draftKeys().forEach(removeKey);
    if (form.hasAttribute("data-resubmit")) {
      draftKeys().filter(ownKey).forEach(function (key) {
        var draft = read(key);
        if (draft && draft.interrupted) {
          draft.interrupted = false;
          draft.submitted = true;
          write(key, draft);
        }
      });
    }
    var key = form.getAttribute("data-draft-key");
    if (key) write(key, { savedAt: Date.now(), fields: snapshot(form), submitted: true });
    /* After this event the browser has collected the form's data (a disabled button would
       drop its own name and value), so the buttons are disabled a moment later. */
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("data-submit-disabled", "");
        }
      });
    }, 0);
    window.setTimeout(function () { release(form); }, RESUBMIT_AFTER_MS);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) Array.prototype.forEach.call(document.querySelectorAll("form[data-submitting]"), release);
  });

  /* ---- 3: the session warning ------------------------------------------------------- */

  function setUpSessionWarning() {
    var banner = document.getElementById("session-warning");
    var idle = parseInt(body.getAttribute("data-session-idle"), 10);
    var left = parseInt(body.getAttribute("data-session-left"), 10);
    if (!banner || !user || !(idle > 0) || isNaN(left)) return;
    var absoluteEnd = Date.now() + left * 1000;
    var warnMs = Math.min(5 * 60 * 1000, (idle * 1000) / 3);
    var pageActivity = Date.now();
    var storage = store();

    function touch() {
      pageActivity = Date.now();
      if (storage) {
        try {
          storage.setItem(ACTIVITY_KEY, String(pageActivity));
        } catch (error) {
          /* ignored */
        }
      }
    }

    function lastActivity() {
      var shared = storage ? parseInt(storage.getItem(ACTIVITY_KEY) || "0", 10) : 0;
      return Math.max(pageActivity, shared || 0);
    }

    function part(selector) {
      return banner.querySelector(selector);
    }

    function show(state, remainingMs) {
      banner.hidden = state === "none";
      part("[data-session-soon]").hidden = state !== "soon";
      part("[data-session-final]").hidden = state !== "final";
      part("[data-session-over]").hidden = state !== "over";
      part("[data-session-keep-alive]").hidden = state !== "soon";
      part("[data-session-login]").hidden = state !== "over";
      var minutes = String(Math.max(1, Math.ceil(remainingMs / 60000)));
      Array.prototype.forEach.call(banner.querySelectorAll("[data-session-minutes]"), function (slot) {
        slot.textContent = minutes;
      });
    }

    function check() {
      var idleEnd = lastActivity() + idle * 1000;
      var end = Math.min(idleEnd, absoluteEnd);
      var remaining = end - Date.now();
      if (remaining <= 0) show("over", 0);
      else if (remaining <= warnMs) show(absoluteEnd < idleEnd ? "final" : "soon", remaining);
      else show("none", remaining);
    }

    function csrfToken() {
      try {
        return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
      } catch (error) {
        return "";
      }
    }

    part("[data-session-keep-alive]").addEventListener("click", function (event) {
      var button = event.currentTarget;
      button.disabled = true;
      window
        .fetch(button.getAttribute("data-url"), {
          method: "POST",
          credentials: "same-origin",
          redirect: "manual",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) throw new Error("expired");
          return response.json();
        })
        .then(function (answer) {
          touch();
          absoluteEnd = Date.now() + answer.left * 1000;
          check();
        })
        .catch(function () {
          show("over", 0);
        })
        .then(function () {
          button.disabled = false;
        });
    });

    touch();
    document.addEventListener("htmx:afterRequest", touch);
    window.addEventListener("storage", function (event) {
      if (event.key === ACTIVITY_KEY) check();
    });
    window.setInterval(check, 1000);
    check();
  }

  setUpDrafts();
  setUpSessionWarning();
})();
