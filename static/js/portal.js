// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so that it is read out first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function element(name, attributes, text) {
    var made = document.createElement(name);
    Object.keys(attributes).forEach(function (key) { made.setAttribute(key, attributes[key]); });
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  // The warning's words come in the dialog's data-* attributes (so that where it cannot work, none of them shows).
  function buildIdleWarning(dialog, token) {
    var words = dialog.dataset;
    var form = element("form", { method: "post", action: words.signOutUrl });
    form.appendChild(element("input", { type: "hidden", name: "csrf_token", value: token }));
    form.appendChild(element("button", { "class": "button button--secondary", type: "submit" }, words.signOut));
    var buttons = element("div", { "class": "button-group" });
    buttons.appendChild(element("button", { "class": "button", type: "button", "data-stay-signed-in": "" }, words.stay));
    buttons.appendChild(form);
    dialog.appendChild(element("h2", { id: "idle-warning-title" }, words.title));
    dialog.appendChild(element("p", { id: "idle-warning-text" }, words.text));
    dialog.appendChild(buttons);
    dialog.setAttribute("aria-labelledby", "idle-warning-title");
    dialog.setAttribute("aria-describedby", "idle-warning-text");
    dialog.hidden = false;  // still closed, so still not shown
  }

  // Warn before the idle sign-out, and let the user stay signed in with one action.
  function idleWarning() {
    var dialog = document.querySelector("[data-idle-warning]");
    var note = document.querySelector("[data-idle-note]");
    if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
      return;
    }
    var warningMs = parseInt(dialog.dataset.warningSeconds, 10) * 1000;
    var token = document.querySelector('meta[name="csrf-token"]').content;
    buildIdleWarning(dialog, token);
    if (note) {
      note.hidden = true;
    }
    var warnTimer, signOutTimer;

    // The server says how long the session has left: on the page, and on each response after it.
    function start(secondsLeft) {
      var leftMs = parseInt(secondsLeft, 10) * 1000;
      if (isNaN(leftMs)) {
        return;
      }
      clearTimeout(warnTimer);
      clearTimeout(signOutTimer);
      warnTimer = setTimeout(function () { dialog.showModal(); }, Math.max(0, leftMs - warningMs));
      // A reload after the limit lets the server sign out and say why.
      signOutTimer = setTimeout(function () { window.location.reload(); }, leftMs + 1000);
    }

    dialog.querySelector("[data-stay-signed-in]").addEventListener("click", function () {
      fetch(dialog.dataset.extendUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token }
      }).then(function (response) {
        if (response.ok) {
          dialog.close();
          start(response.headers.get("X-Idle-Seconds-Left"));
        } else {
          window.location.reload();
        }
      });
    });
    // What the user asked for counts as activity; what the page fetches by itself does not.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var headers = (event.detail.requestConfig || {}).headers || {};
      if (headers["X-Background-Request"] !== "1" && event.detail.xhr) {
        start(event.detail.xhr.getResponseHeader("X-Idle-Seconds-Left"));
      }
    });
    start(dialog.dataset.idleSecondsLeft);
  }

  // A form that posts is sent once: its buttons wait while the request is under way. The
  // server also carries each form out once (its one-time key); this spares a second press.
  function sendFormsOnce() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
        return;
      }
      // After the browser has taken the pressed button's name and value into the form data.
      setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
        });
        form.setAttribute("aria-busy", "true");
      }, 0);
    });
    // Back to a page kept in the browser's memory: its buttons work again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        document.querySelectorAll("form[aria-busy]").forEach(function (form) {
          form.removeAttribute("aria-busy");
          form.querySelectorAll("[aria-disabled]").forEach(function (button) {
            button.disabled = false;
            button.removeAttribute("aria-disabled");
          });
        });
      }
    });
  }

  // Signed out here: the form that signs out of strong identification too is sent at once (without JavaScript,
  // its button is pressed).
  function sendAtOnce() {
    document.querySelectorAll("form[data-send-at-once]").forEach(function (form) { form.submit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    sendAtOnce();
    focusErrorSummary();
    idleWarning();
    sendFormsOnce();
  });
})();
