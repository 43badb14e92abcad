// Draws every dashboard chart (dashboards/templates/dashboards/panel.html) with Apache ECharts, from the data in
// the json_script element beside it (the CSP forbids inline scripts). The table beside each chart holds the same
// numbers; the first column is the category, the others are series.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var charts = [];
  document.querySelectorAll(".dashboard-chart[data-chart]").forEach(function (element) {
    var source = document.getElementById("chart-data-" + element.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (data.kind === "map") {
      return;  // drawn by dashboard-map.js once the map data has loaded
    }
    var categories = data.rows.map(function (row) { return String(row[0]); });
    var option;
    if (data.kind === "pie") {
      option = {
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          // Categories with no one in them stay in the table but would only crowd the ring's labels.
          data: data.rows
            .filter(function (row) { return row[1] > 0; })
            .map(function (row) { return { name: String(row[0]), value: row[1] }; }),
        }],
      };
    } else {
      var columns = data.plot || data.header.slice(1).map(function (_, i) { return i + 1; });
      var series = columns.map(function (column) {
        return {
          name: data.header[column],
          type: data.kind === "line" ? "line" : "bar",
          stack: data.stacked ? "total" : undefined,
          barMaxWidth: 64,  // one institution's or one year's bar would otherwise fill the whole box
          data: data.rows.map(function (row) { return row[column]; }),
        };
      });
      option = {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
        xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 || element.clientWidth < 500 ? 30 : 0 } },
        yAxis: data.unit === "%"
          ? { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
          : { type: "value", minInterval: 1 },
        series: series,
      };
      if (data.colors) {
        option.color = data.colors;  // colours that mean something (a filing's state), as on the compliance grid
      }
    }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
