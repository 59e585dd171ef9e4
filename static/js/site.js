// Progressive enhancement only: every link and form here works without this file.
(function () {
  "use strict";
  var box = document.getElementById("login-box");
  if (box && typeof box.showModal === "function") {
    document.querySelectorAll("[data-open-login]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showPanel("login");
        box.showModal();
      });
    });
    box.querySelectorAll("[data-login-switch]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showPanel(link.getAttribute("data-login-switch"));
      });
    });
  }
  function showPanel(name) {
    box.querySelectorAll("[data-login-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-login-panel") !== name;
      // The dialog is named by the panel it shows ("Login" or "Lost Password").
      var title = panel.querySelector("h2[id]");
      if (!panel.hidden && title) { box.setAttribute("aria-labelledby", title.id); }
    });
    var first = box.querySelector('[data-login-panel="' + name + '"] input:not([type=hidden])');
    if (first) { first.focus(); }
  }
  // A section reached by Tab in the navigation, which scrolls sideways on a phone, comes fully
  // into view: browsers leave a half-hidden one where it is.
  document.querySelectorAll(".section-nav ul").forEach(function (list) {
    list.addEventListener("focusin", function (event) {
      // Keyboard focus only: a tap focuses the link too, and scrolling it away from under the
      // finger would lose the tap.
      if (event.target.matches(":focus-visible")) {
        event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    });
  });
  // Cached public pages are shared by every reader, so their forms carry an empty CSRF
  // field; fetch a token from the uncached endpoint when a form is first used.
  var tokenUrl = document.body.getAttribute("data-form-token-url");
  var tokenRequest = null;
  function emptyTokenField(form) {
    var field = form.querySelector && form.querySelector('input[name="csrfmiddlewaretoken"]');
    return field && !field.value ? field : null;
  }
  function fetchToken() {
    if (!tokenRequest) {
      tokenRequest = fetch(tokenUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (field) {
            if (!field.value) { field.value = data.token; }
          });
        });
    }
    return tokenRequest;
  }
  if (tokenUrl && window.fetch) {
    document.addEventListener("focusin", function (event) {
      if (event.target.form && emptyTokenField(event.target.form)) { fetchToken(); }
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!emptyTokenField(form)) { return; }
      event.preventDefault();
      fetchToken().then(function () { form.submit(); }, function () { form.submit(); });
    }, true);
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) { return; }
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        link.textContent = link.getAttribute("data-copied") || "✓";
      });
    });
  });
  // Count the view with a beacon, so it is counted even when the page came from a cache.
  var story = document.querySelector("[data-view-beacon]");
  if (story) {
    var beaconUrl = story.getAttribute("data-view-beacon");
    if (navigator.sendBeacon) {
      navigator.sendBeacon(beaconUrl);
    } else if (window.fetch) {
      fetch(beaconUrl, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }
})();
