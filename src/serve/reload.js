// trustpage preview: reloads the page after each rebuild, and swaps stylesheets in place when
// only CSS changed. Served by `trustpage serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var events = new EventSource("/__trustpage/events");

  function reload() {
    events.close();
    location.reload();
  }

  // On (re)connect the server says which build it serves: a page older than that reloads.
  events.addEventListener("hello", function (e) {
    if (generation !== null && e.data !== generation) {
      reload();
    }
  });
  events.addEventListener("reload", reload);
  events.addEventListener("failed", reload);
  events.addEventListener("css", function (e) {
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
  });
})();
