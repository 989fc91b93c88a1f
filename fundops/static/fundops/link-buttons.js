/* Links styled as buttons (<a role="button">, Pico's convention) must act like buttons for
   keyboard users: a button is pressed with Space as well as Enter, and a link alone only
   answers Enter (Space would scroll the page instead). */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target.matches && target.matches("a[role='button']")) {
      event.preventDefault();
      target.click();
    }
  });
})();
