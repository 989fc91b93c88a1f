// Drag-and-drop on the pipeline board: dropping a card on a column submits the card's own
// "Move to" form (the same POST the keyboard uses), so the server runs the same checks and
// a refused move comes back as a message with the card where it was. No inline handlers: CSP.
(function () {
  "use strict";
  var dragged = null;

  function columnOf(element) {
    while (element && !(element.classList && element.classList.contains("board-column"))) {
      element = element.parentNode;
    }
    return element;
  }

  document.querySelectorAll(".card[draggable='true']").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-deal"));
    });
    card.addEventListener("dragend", function () {
      dragged = null;
      document.querySelectorAll(".drop-target").forEach(function (column) {
        column.classList.remove("drop-target");
      });
    });
  });

  document.querySelectorAll(".board-column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (dragged && columnOf(dragged) !== column) {
        event.preventDefault();
        column.classList.add("drop-target");
      }
    });
    column.addEventListener("dragleave", function () {
      column.classList.remove("drop-target");
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      if (!dragged || columnOf(dragged) === column) {
        return;
      }
      var form = dragged.querySelector("form.move-form");
      var select = form && form.querySelector("select[name='to']");
      var stage = column.getAttribute("data-stage");
      if (!select || !select.querySelector("option[value='" + stage + "']")) {
        return;
      }
      select.value = stage;
      form.submit();
    });
  });
})();
