/* Stuurinformatie: draws each plot with Chart.js from the page's JSON data block
 * (#steering-data, made by marketplace/steering/charts.py). Every plot has its numbers as a
 * table beside it, so nothing here is the only way to read them. No animation: the numbers
 * are there at once, for everyone, and nothing moves for those who asked for less motion. */
(function () {
  "use strict";
  var block = document.getElementById("steering-data");
  if (!block || typeof Chart === "undefined") { return; }
  var plots = JSON.parse(block.textContent);
  var language = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  var money = new Intl.NumberFormat("nl-NL", {style: "currency", currency: "EUR", maximumFractionDigits: 0});
  var decimal = new Intl.NumberFormat(language, {maximumFractionDigits: 1});

  function format(unit, value) {
    if (value === null || value === undefined) { return "—"; }
    if (unit === "money") { return money.format(value); }
    if (unit === "percent") { return decimal.format(value) + "%"; }
    return decimal.format(value);
  }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#1a1a1a";

  function draw(canvas) {
    var plot = plots[canvas.getAttribute("data-chart")];
    if (!plot) { return; }
    var line = plot.kind === "line";
    var valueAxis = plot.horizontal ? "x" : "y";
    var labelAxis = plot.horizontal ? "y" : "x";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      stacked: !!plot.stacked,
      max: plot.unit === "percent" ? 100 : undefined,
      title: {display: true, text: plot.y},
      ticks: {precision: plot.unit === "count" ? 0 : undefined,
              callback: function (value) { return format(plot.unit, value); }}
    };
    scales[labelAxis] = {stacked: !!plot.stacked, title: {display: true, text: plot.x}};
    var chart = new Chart(canvas, {
      type: plot.kind,
      data: {
        labels: plot.labels,
        datasets: plot.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: series.colour,
            borderColor: series.colour,
            borderWidth: line ? 3 : 0,
            pointRadius: line ? 4 : undefined,
            // Told apart by more than colour: a dash pattern per line.
            borderDash: line ? [[], [8, 4], [2, 3]][index % 3] : undefined,
            spanGaps: true
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: plot.horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: {display: plot.series.length > 1, position: "bottom"},
          tooltip: {callbacks: {label: function (item) {
            return item.dataset.label + ": " + format(plot.unit, item.raw);
          }}}
        }
      }
    });
    canvas.setAttribute("data-drawn", chart ? "true" : "false");
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
}());
