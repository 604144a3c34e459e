// trustpage share kit: copy buttons. The page works without this script (every post and embed
// code is plain text to select); with it, one click copies one, and the status beside the button
// (a live region, so screen readers announce it too) says whether it worked.
"use strict";
(function () {
  // What a box holds, as the reader sees it: a text box's value, else its text.
  var textOf = function (box) {
    return box.tagName === "TEXTAREA" || box.tagName === "INPUT" ? box.value : box.textContent;
  };
  // When the clipboard is out of reach, the text is selected so that Ctrl+C copies it.
  var select = function (box) {
    if (box.select) {
      box.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(box);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box) return;
    var status = button.parentNode.querySelector(".share-status");
    var timer;
    var say = function (text) {
      if (!status) return;
      clearTimeout(timer);
      status.textContent = text;
      timer = setTimeout(function () {
        status.textContent = "";
      }, 4000);
    };
    var failed = function () {
      select(box);
      say(button.getAttribute("data-failed") || "");
    };
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(textOf(box)).then(function () {
          say(button.getAttribute("data-copied") || "");
        }, failed);
      } else {
        failed();
      }
    });
  });
})();
