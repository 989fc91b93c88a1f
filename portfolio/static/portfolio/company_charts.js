// KPIs over time on a portfolio company's page. Data comes from the page through
// {{ kpis|json_script:"kpi-data" }} (no inline script, so the CSP stays strict).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("kpi-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var kpis = JSON.parse(source.textContent);
    var money = document.getElementById("kpi-money");
    var people = document.getElementById("kpi-people");
    if (money) {
      new Chart(money, {
        type: "line",
        data: {
          labels: kpis.labels,
          datasets: [
            { label: "Revenue (£)", data: kpis.revenue, spanGaps: true },
            { label: "R&D spend (£)", data: kpis.rnd_spend, spanGaps: true }
          ]
        },
        options: { responsive: true, plugins: { title: { display: true, text: "Revenue and R&D spend" } } }
      });
    }
    if (people) {
      new Chart(people, {
        type: "bar",
        data: {
          labels: kpis.labels,
          datasets: [
            { label: "Headcount", data: kpis.headcount },
            { label: "Jobs created", data: kpis.jobs_created },
            { label: "Cash runway (months)", data: kpis.cash_runway_months, type: "line" }
          ]
        },
        options: { responsive: true, plugins: { title: { display: true, text: "People and runway" } } }
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
