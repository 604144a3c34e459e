// trustpage share kit: copy buttons. The page works without this script (each post sits in a
// text box to select); with it, one click copies a post.
"use strict";
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var box = document.getElementById(button.getAttribute("data-copy"));
    var label = button.textContent;
    var done = function () {
      button.textContent = button.getAttribute("data-copied");
      setTimeout(function () {
        button.textContent = label;
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () {
        box.select();
      });
    } else {
      box.select();
    }
  });
});
