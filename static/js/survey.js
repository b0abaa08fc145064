// The province's score per power, from the figures the results page embeds.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var canvas = document.getElementById("powers-chart");
  if (!window.Chart || !canvas || !data.values.length) return;
  Chart.defaults.font.family = "Sarabun, system-ui, sans-serif";
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label, data: data.values }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } },
  });
})();
