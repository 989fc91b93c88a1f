// The reporting dashboard's charts (and the board page's). The figures come from the page
// through {{ figures.charts|json_script:"dashboard-data" }}: no inline script, so the CSP
// stays strict. Each chart draws only if its canvas is on the page.
(function () {
  "use strict";
  var pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  function moneyAxis() {
    return { beginAtZero: true, ticks: { callback: function (v) { return pounds.format(v); } } };
  }

  function moneyTooltip() {
    return { callbacks: { label: function (c) { return c.dataset.label + ": " + pounds.format(c.parsed.y); } } };
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var d = JSON.parse(source.textContent);
    chart("chart-irr", {
      type: "line",
      data: { labels: d.irr.labels, datasets: [{ label: "Gross IRR (%)", data: d.irr.values, spanGaps: false }] },
      options: {
        responsive: true,
        scales: { y: { ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { title: { display: true, text: "Gross IRR at each quarter end" } }
      }
    });
    chart("chart-vintage", {
      type: "bar",
      data: {
        labels: d.vintage.labels,
        datasets: [
          { label: "Cost", data: d.vintage.cost },
          { label: "Realised", data: d.vintage.realised },
          { label: "Fair value", data: d.vintage.fair_value }
        ]
      },
      options: {
        responsive: true,
        scales: { y: moneyAxis() },
        plugins: { title: { display: true, text: "Cost and fair value by vintage year" }, tooltip: moneyTooltip() }
      }
    });
    chart("chart-leverage", {
      type: "bar",
      data: { labels: d.leverage.labels, datasets: [{ label: "Other money per £1 of public money", data: d.leverage.ratios }] },
      options: {
        responsive: true,
        scales: { y: { beginAtZero: true } },
        plugins: { title: { display: true, text: "Leverage (grants counted separately)" } }
      }
    });
    if (d.pipeline) {
      chart("chart-pipeline", {
        type: "bar",
        data: {
          labels: d.pipeline.labels,
          datasets: [
            { label: "Deals", data: d.pipeline.deals, yAxisID: "deals" },
            { label: "Money sought", data: d.pipeline.amount_sought, yAxisID: "money", type: "line" }
          ]
        },
        options: {
          responsive: true,
          scales: { deals: { beginAtZero: true, position: "left", ticks: { precision: 0 } }, money: Object.assign(moneyAxis(), { position: "right" }) },
          plugins: { title: { display: true, text: "Pipeline by stage" } }
        }
      });
    }
    chart("chart-grants", {
      type: "bar",
      data: { labels: d.grants.labels, datasets: [{ label: "Grant budget", data: d.grants.values }] },
      options: {
        responsive: true,
        scales: { y: moneyAxis() },
        plugins: { title: { display: true, text: "Grant budget" }, tooltip: moneyTooltip(), legend: { display: false } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
