// Draws the map of Fujian (dashboards/templates/dashboards/map.html): loads the GeoJSON from the static URL in the
// box's data-geo-url, registers it with ECharts, and shades the nine cities by the figure chosen in the select above;
// Pingtan, no region of that data, is a marked point with its value in the tooltip. The table beside the map holds
// the same numbers, so without the data (or without JavaScript) nothing is lost.
(function () {
  "use strict";
  if (typeof echarts === "undefined" || typeof fetch === "undefined") {
    return;
  }

  function shown(value, percent) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return "—";
    }
    return value + (percent ? "%" : "");
  }

  function option(data, column) {
    var percent = data.header[column].indexOf("%") !== -1;
    var known = data.rows
      .map(function (row) { return row[column]; })
      .filter(function (value) { return value !== null && value !== undefined; });
    var max = percent ? 100 : Math.max.apply(null, [1].concat(known));
    var regions = [];
    var points = [];
    data.rows.forEach(function (row, index) {
      var value = row[column] === null || row[column] === undefined ? NaN : row[column];
      if (data.regions[index]) {
        regions.push({ name: data.regions[index], value: value });
      } else if (data.points[String(index)]) {
        points.push({ name: String(row[0]), value: data.points[String(index)].concat([value]) });
      }
    });
    var label = data.header[column];
    return {
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var value = Array.isArray(params.value) ? params.value[2] : params.value;
          return params.name + "<br>" + label + "：" + shown(value, percent);
        },
      },
      visualMap: {
        type: "continuous",
        seriesIndex: 0,
        min: 0,
        max: max,
        calculable: true,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 120,
        // The handles say the range shown; no end texts beside them, which only repeated the same numbers.
        formatter: function (value) { return shown(Math.round(value), percent); },
        inRange: { color: ["#e3f2fd", "#1565c0"] },
      },
      geo: {
        map: data.map,
        roam: false,
        top: 8,
        bottom: 56,
        label: { show: true, fontSize: 10, color: "#333" },
        itemStyle: { areaColor: "#f1f3f5", borderColor: "#6c757d" },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffe08a" } },
      },
      series: [
        { name: label, type: "map", geoIndex: 0, data: regions },
        {
          name: label,
          type: "scatter",
          coordinateSystem: "geo",
          symbol: "pin",
          symbolSize: 26,
          itemStyle: { color: "#d63384" },
          // "平潭" beside the pin: the full name ran off the map's box on a phone (the tooltip and table give it).
          label: {
            show: true,
            position: "right",
            formatter: function (params) { return params.name.replace("综合实验区", ""); },
            fontSize: 10,
            color: "#333",
          },
          data: points,
        },
      ],
    };
  }

  document.querySelectorAll(".dashboard-chart[data-kind='map'][data-geo-url]").forEach(function (element) {
    var source = document.getElementById("chart-data-" + element.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var select = document.querySelector("select[data-map-figure='" + element.dataset.chart + "']");
    fetch(element.dataset.geoUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson) {
          return;
        }
        if (!echarts.getMap(data.map)) {
          echarts.registerMap(data.map, geojson);
        }
        var chart = echarts.init(element, null, { renderer: "canvas" });
        var draw = function () {
          chart.setOption(option(data, Number(select ? select.value : 1)), true);
          element.dataset.drawn = select ? select.value : "1";
        };
        draw();
        if (select) {
          select.addEventListener("change", draw);
        }
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () {
        // The table beside the map has every figure; a map that cannot load is left out, not an error.
      });
  });
})();
