// Charts of the province dashboard, from the figures the page embeds.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.Chart) return;
  Chart.defaults.font.family = "Sarabun, system-ui, sans-serif";
  new Chart(document.getElementById("months-chart"), {
    type: "bar",
    data: {
      labels: data.months,
      datasets: [
        { label: data.labels.reports, data: data.reports, yAxisID: "y" },
        { label: data.labels.participants, data: data.participants, type: "line", yAxisID: "y1" },
      ],
    },
    options: { scales: { y: { beginAtZero: true }, y1: { beginAtZero: true, position: "right" } } },
  });
  new Chart(document.getElementById("budget-chart"), {
    type: "bar",
    data: {
      labels: data.budget_labels,
      datasets: [
        { label: data.labels.planned, data: data.planned },
        { label: data.labels.spent, data: data.spent },
      ],
    },
    options: { indexAxis: "y" },
  });
})();
