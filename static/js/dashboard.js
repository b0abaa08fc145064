// Charts of the province dashboard, from the figures the page embeds.
//
// Each chart fills the box around it (CSS gives the box its height), shows its legend
// below, writes numbers with thousands separators, and breaks long Thai names into lines
// between words (Intl.Segmenter: Thai has no spaces between words) instead of cutting them.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.Chart) return;
  var locale = document.documentElement.lang === "en" ? "en" : "th-TH-u-nu-latn";
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

  function words(text) {
    if (!window.Intl || !Intl.Segmenter) return text.split(/(\s+)/);
    var segmenter = new Intl.Segmenter("th", { granularity: "word" });
    return Array.from(segmenter.segment(text), function (s) { return s.segment; });
  }

  // A label as lines of at most `width` characters (Thai marks above and below a letter
  // take no room, so they are not counted).
  function lines(text, width) {
    var result = [], current = "";
    var length = function (s) { return s.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, "").length; };
    words(text).forEach(function (word) {
      if (current && length(current + word) > width && word.trim()) {
        result.push(current.trim());
        current = word;
      } else {
        current += word;
      }
    });
    if (current.trim()) result.push(current.trim());
    return result.length > 1 ? result : text;
  }

  Chart.defaults.font.family = "Sarabun, system-ui, sans-serif";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.position = "bottom";
  Chart.defaults.plugins.legend.labels.boxWidth = 14;
  Chart.defaults.plugins.tooltip.callbacks.label = function (item) {
    return item.dataset.label + ": " + numbers.format(item.raw);
  };
  function ticks() {
    return { callback: function (value) { return numbers.format(value); } };
  }

  var narrow = window.matchMedia("(max-width: 40rem)").matches;
  new Chart(document.getElementById("months-chart"), {
    type: "bar",
    data: {
      labels: data.months,
      datasets: [
        { label: data.labels.reports, data: data.reports, yAxisID: "y" },
        { label: data.labels.participants, data: data.participants, type: "line", yAxisID: "y1" },
      ],
    },
    options: {
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 90 } },
        y: { beginAtZero: true, ticks: Object.assign(ticks(), { precision: 0 }),
             title: { display: true, text: data.labels.reports } },
        y1: { beginAtZero: true, position: "right", ticks: ticks(), grid: { drawOnChartArea: false },
              title: { display: true, text: data.labels.participants } },
      },
    },
  });
  new Chart(document.getElementById("budget-chart"), {
    type: "bar",
    data: {
      labels: data.budget_labels.map(function (label) { return lines(label, narrow ? 14 : 22); }),
      datasets: [
        { label: data.labels.planned, data: data.planned },
        { label: data.labels.spent, data: data.spent },
      ],
    },
    options: {
      indexAxis: "y",
      scales: {
        x: { beginAtZero: true, ticks: Object.assign(ticks(), { maxTicksLimit: narrow ? 4 : 8 }) },
        y: { ticks: { autoSkip: false } },
      },
      plugins: {
        tooltip: { callbacks: { title: function (items) { return data.budget_labels[items[0].dataIndex]; } } },
      },
    },
  });
})();
