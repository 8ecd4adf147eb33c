// The bundled application form: keeps what is typed in this browser until the server has it, so an expired
// session (the login page brings the owner back here) or a lost connection loses nothing; warns about files
// over the size limit before sending. It never polls the server, so the idle timeout still works.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !window.localStorage) { return; }
  var key = "coordinator:" + form.dataset.draftKey;
  var savedAt = parseInt(form.dataset.savedAt || "0", 10);
  var maxBytes = parseInt(form.dataset.maxBytes || "0", 10);

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }

  function remember() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    localStorage.setItem(key, JSON.stringify({at: Math.floor(Date.now() / 1000), values: values}));
  }

  function restore() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    // Seconds only: a copy from the same second as the server's save is restored (equal values change nothing).
    if (!stored || stored.at < savedAt) { localStorage.removeItem(key); return; }
    var changed = false;
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(stored.values, el.name) && el.value !== stored.values[el.name]) {
        el.value = stored.values[el.name];
        changed = true;
      }
    });
    if (changed) { document.getElementById("draft-restored").hidden = false; }
  }

  function tooBig() {
    var message = form.dataset.tooBig;
    var bad = Array.prototype.filter.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files[0] && maxBytes && input.files[0].size > maxBytes;
    });
    bad.forEach(function (input) { input.setCustomValidity(message); input.reportValidity(); });
    return bad.length > 0;
  }

  restore();
  form.addEventListener("input", remember);
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { event.target.setCustomValidity(""); }
  });
  form.addEventListener("submit", function (event) {
    remember();
    if (tooBig()) { event.preventDefault(); }
  });
})();
