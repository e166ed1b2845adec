/* The dashboard's charts and map (Apache ECharts). The figures and the URL of the list behind each
   come from the page (json_script "dashboard-data"); a click on a bar, a funnel stage or a city opens
   that list. Nothing here computes a figure. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var charts = [];

  function chart(id) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) { return null; }
    var instance = window.echarts.init(element, null, {renderer: "svg"});
    charts.push(instance);
    return instance;
  }

  function open(url) { if (url) { window.location.href = url; } }

  document.getElementById("id_round").addEventListener("change", function () { this.form.submit(); });

  // Applications by tier and status: one stacked bar per tier.
  var status = chart("chart-status");
  if (status) {
    var statusCodes = data.status.statuses.map(function (s) { return s.code; });
    status.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: {type: "scroll", bottom: 0},
      grid: {left: 40, right: 10, top: 10, bottom: 60},
      xAxis: {type: "category", data: data.status.tiers.map(function (t) { return t.name; }),
              axisLabel: {interval: 0, width: 90, overflow: "break"}},
      yAxis: {type: "value", minInterval: 1},
      series: data.status.statuses.map(function (s) {
        return {name: s.name, type: "bar", stack: "all", data: data.status.series[s.code], emphasis: {focus: "series"}};
      })
    });
    if (!data.status.total) {
      status.setOption({title: {text: document.documentElement.lang.indexOf("zh") === 0 ? "本批次暂无申报" :
        "No applications in this round", left: "center", top: "middle", textStyle: {fontSize: 14, color: "#6c757d"}}});
    }
    status.on("click", function (event) {
      open(data.status.urls[data.status.tiers[event.dataIndex].code + ":" + statusCodes[event.seriesIndex]]);
    });
  }

  // The funnel from a started application to a title.
  var funnel = chart("chart-funnel");
  if (funnel) {
    funnel.setOption({
      tooltip: {trigger: "item", formatter: "{b}: {c}"},
      series: [{type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "20%",
                label: {position: "inside", formatter: "{b}: {c}", color: "#fff", fontSize: 11},
                data: data.funnel.map(function (s) { return {name: s.name, value: s.count, url: s.url}; })}]
    });
    funnel.on("click", function (event) { open(event.data.url); });
  }

  // Quota use: per city, the quota and what was recommended, one pair of bars per tier with a plan.
  var quota = chart("chart-quota");
  if (quota && data.quota.length) {
    var zh = document.documentElement.lang.indexOf("zh") === 0;
    var cityCodes = [], cityNames = {}, tiersSeen = [], tierNames = {}, cell = {};
    data.quota.forEach(function (q) {
      if (cityCodes.indexOf(q.city) < 0) { cityCodes.push(q.city); cityNames[q.city] = q.city_name; }
      if (tiersSeen.indexOf(q.tier) < 0) { tiersSeen.push(q.tier); tierNames[q.tier] = q.tier_name; }
      cell[q.city + ":" + q.tier] = q;
    });
    var quotaSeries = [];
    tiersSeen.forEach(function (tier) {
      [["final", zh ? "名额" : "Quota"], ["used", zh ? "已推荐" : "Recommended"]].forEach(function (pair) {
        quotaSeries.push({name: tierNames[tier] + " · " + pair[1], type: "bar", tier: tier,
                          data: cityCodes.map(function (c) { var q = cell[c + ":" + tier]; return q ? q[pair[0]] : 0; })});
      });
    });
    quota.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: {type: "scroll", top: 0},
      grid: {left: 40, right: 10, top: 36, bottom: 40},
      xAxis: {type: "category", data: cityCodes.map(function (c) { return cityNames[c]; }),
              axisLabel: {rotate: 30, interval: 0}},
      yAxis: {type: "value", minInterval: 1},
      series: quotaSeries
    });
    quota.on("click", function (event) {
      var q = cell[cityCodes[event.dataIndex] + ":" + quotaSeries[event.seriesIndex].tier];
      open(q && q.url);
    });
  }

  // Titles by year and tier.
  var years = chart("chart-years");
  if (years) {
    years.setOption({
      tooltip: {trigger: "axis"},
      legend: {type: "scroll", bottom: 0},
      grid: {left: 40, right: 10, top: 10, bottom: 60},
      xAxis: {type: "category", data: data.titles_by_year.years},
      yAxis: {type: "value", minInterval: 1},
      series: data.titles_by_year.tiers.map(function (t) {
        return {name: t.name, type: "bar", stack: "all", data: data.titles_by_year.series[t.code]};
      })
    });
    years.on("click", function (event) {
      var tier = data.titles_by_year.tiers[event.seriesIndex];
      open(tier && data.titles_by_year.urls[data.titles_by_year.years[event.dataIndex] + ":" + tier.code]);
    });
  }

  // The map of Shandong's 16 cities, shaded by the chosen figure.
  var mapElement = document.getElementById("chart-map");
  var mapChart = chart("chart-map");
  var select = document.getElementById("map-figure");
  function drawMap() {
    var figure = select.value;
    var values = data.map.figures[figure] || {};
    var urls = data.map.urls[figure] || {};
    var series = Object.keys(urls).map(function (code) {
      return {name: code, value: values[code] || 0, url: urls[code]};
    });
    var max = Math.max.apply(null, series.map(function (s) { return s.value; }).concat([1]));
    mapChart.setOption({
      tooltip: {trigger: "item", formatter: function (p) { return (p.data && p.data.label || p.name) + ": " + (p.value || 0); }},
      visualMap: {min: 0, max: max, left: 10, bottom: 10, calculable: true, inRange: {color: ["#e8f0fb", "#0b3d91"]}},
      series: [{type: "map", map: "shandong", nameProperty: "code", roam: false,
                label: {show: true, fontSize: 10, formatter: function (p) { return (p.data && p.data.label) || ""; }},
                selectedMode: false, data: series.map(function (s) {
                  var feature = mapElement.features[s.name];
                  var item = {name: s.name, value: s.value, url: s.url, label: feature ? feature.label : s.name};
                  if (data.map.city && s.name === data.map.city) { item.itemStyle = {borderColor: "#d9480f", borderWidth: 2}; }
                  return item;
                })}]
    }, true);
  }
  if (mapChart) {
    fetch(mapElement.dataset.map).then(function (response) { return response.json(); }).then(function (geo) {
      var english = document.documentElement.lang.indexOf("zh") !== 0;
      mapElement.features = {};
      geo.features.forEach(function (f) {
        mapElement.features[f.properties.code] = {label: english ? f.properties.name_en : f.properties.name};
      });
      window.echarts.registerMap("shandong", geo);
      drawMap();
      mapElement.dataset.drawn = "1";
    });
    select.addEventListener("change", drawMap);
    mapChart.on("click", function (event) { open(event.data && event.data.url); });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
