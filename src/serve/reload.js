// trustpage preview: reloads the page after each rebuild, and swaps stylesheets in place when
// only CSS changed. Served by `trustpage serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  // After an error (the server stopped, or it answered 503 because too many pages listen),
  // the page listens again after a pause that doubles each time, up to MAX_DELAY_MS.
  var FIRST_DELAY_MS = 250;
  var MAX_DELAY_MS = 8000;
  var delay = FIRST_DELAY_MS;
  var events = null;

  function reload() {
    events.close();
    location.reload();
  }

  function restyle(e) {
    generation = e.data;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf("/__trustpage/") === 0) {
        return;
      }
      url.searchParams.set("v", e.data);
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      // The old sheet stays until the new one has loaded, so the page never flashes unstyled.
      fresh.addEventListener("load", function () {
        link.remove();
      });
      link.after(fresh);
    });
  }

  function listen() {
    events = new EventSource("/__trustpage/events");
    // On (re)connect the server says which build it serves: a page older than that reloads.
    events.addEventListener("hello", function (e) {
      delay = FIRST_DELAY_MS;
      if (generation !== null && e.data !== generation) {
        reload();
      }
    });
    events.addEventListener("reload", reload);
    events.addEventListener("failed", reload);
    events.addEventListener("css", restyle);
    // EventSource gives up for good after a 503, and retries at a fixed pace after a network
    // error: either way this page closes it and tries again, later each time.
    events.addEventListener("error", function () {
      events.close();
      setTimeout(listen, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    });
  }

  listen();
})();
