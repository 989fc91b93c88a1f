/* Cost table: while the applicant types a new cost's amount, show the total including it.
   Progressive enhancement only: the server already shows the saved total, and without this
   file the preview simply shows that. Pennies are integers, so no floating-point drift. */
(function () {
  "use strict";

  function pennies(text) {
    var match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(String(text || "").replace(/[£,]/g, ""));
    if (!match) {
      return 0;
    }
    return parseInt(match[1], 10) * 100 + parseInt((match[2] || "0").padEnd(2, "0"), 10);
  }

  function pounds(value) {
    var whole = Math.floor(value / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "£" + whole + "." + String(value % 100).padStart(2, "0");
  }

  function start() {
    var output = document.getElementById("cost-total-preview");
    var input = document.getElementById("id_cost-net_amount");
    if (!output || !input) {
      return;
    }
    var saved = pennies(output.getAttribute("data-saved-total"));
    var update = function () {
      output.textContent = pounds(saved + pennies(input.value));
    };
    input.addEventListener("input", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
