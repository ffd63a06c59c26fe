// Draws the dashboard charts from the JSON the page carries (#stats-data); the tables stay as the
// accessible view and the fallback when ECharts is not installed.
(function () {
  "use strict";
  var holder = document.getElementById("stats-data");
  if (!holder || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  var tables = data.tables || {};
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var L = function (zh, en) { return english ? en : zh; };
  var RED = ["#c8102e", "#e0603c", "#f0a35e", "#7c9cbf", "#3d6a9c", "#2e8b57", "#8e6bb8"];

  window.addEventListener("resize", function () {
    document.querySelectorAll(".chart").forEach(function (el) {
      var inst = window.echarts.getInstanceByDom(el);
      if (inst) { inst.resize(); }
    });
  });

  function column(table, key) { return table.rows.map(function (r) { return r[key]; }); }
  function chartFor(name) {
    var el = document.querySelector('.chart[data-chart="' + name + '"]');
    return el ? window.echarts.init(el) : null;
  }

  var trend = tables.trend, c = trend && chartFor("trend");
  if (c) {
    c.setOption({
      color: RED, tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 50, right: 50, bottom: 30, top: 40 },
      xAxis: { type: "category", data: column(trend, "month") },
      yAxis: [{ type: "value", name: L("小时", "hours") }, { type: "value", name: L("场次", "activities") }],
      series: [
        { name: L("服务时长", "Hours"), type: "bar", data: column(trend, "hours") },
        { name: L("活动场次", "Activities"), type: "line", yAxisIndex: 1, data: column(trend, "activities") }
      ]
    });
  }

  ["kinds", "settings"].forEach(function (name) {
    var table = tables[name], chart = table && chartFor(name);
    if (!chart) { return; }
    chart.setOption({
      color: RED, tooltip: { trigger: "item" }, legend: { type: "scroll", bottom: 0 },
      series: [{ name: L("服务时长", "Hours"), type: "pie", radius: ["35%", "65%"],
        data: table.rows.map(function (r) { return { name: r.name, value: r.hours }; }) }]
    });
  });

  var regions = tables.regions, regionChart = regions && chartFor("regions");
  if (!regionChart) { return; }
  var values = regions.rows.map(function (r) { return { name: r.name, value: r.hours }; });
  var max = Math.max.apply(null, values.map(function (v) { return v.value; }).concat([1]));
  function drawBars() {
    regionChart.setOption({
      color: RED, tooltip: {}, grid: { left: 110, right: 20, top: 10, bottom: 30 },
      xAxis: { type: "value" }, yAxis: { type: "category", data: column(regions, "name") },
      series: [{ name: L("服务时长", "Hours"), type: "bar", data: column(regions, "hours") }]
    });
  }
  if (data.level !== "city") { drawBars(); return; }
  fetch("/stats/boundaries.geojson").then(function (r) { return r.json(); }).then(function (geo) {
    geo.features = geo.features.filter(function (f) { return f.properties.level === "county"; });
    window.echarts.registerMap("binzhou", geo);
    regionChart.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "<br>" + (p.value || 0) + " " + L("小时", "h"); } },
      visualMap: { min: 0, max: max, left: 0, bottom: 0, text: [L("多", "more"), L("少", "less")], calculable: true,
        inRange: { color: ["#fde9e7", "#c8102e"] } },
      series: [{ name: L("服务时长", "Hours"), type: "map", map: "binzhou", roam: false, nameProperty: "name",
        layoutCenter: ["55%", "50%"], layoutSize: "95%",
        label: { show: true, fontSize: 11 }, data: values }]
    });
  }).catch(drawBars);
}());
