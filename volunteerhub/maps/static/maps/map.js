// The service map. Every overlay (pins, outlines, township names, "me") is kept in WGS-84 and drawn in the
// coordinate system of the basemap on: 天地图 and the offline outline map in WGS-84, 高德 and 腾讯 in GCJ-02.
// Pins are clustered when zoomed out; "near me" zooms to the results and lists posts first, then the rest.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var data = el.dataset;
  var basemaps = JSON.parse(document.getElementById("map-basemaps").textContent);
  var townships = JSON.parse(document.getElementById("map-townships").textContent);
  var center = [parseFloat(data.centerLat), parseFloat(data.centerLng)];
  var system = basemaps[0].coord;
  var renderer = L.canvas({ padding: 0.5, tolerance: 14 });  // a pin answers a finger within 44 px
  var map = L.map(el, { zoomControl: true, renderer: renderer, minZoom: 7, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false }).addTo(map);
  var form = document.getElementById("map-filters");
  var statusLine = document.getElementById("map-status");
  var groupsBox = document.getElementById("distance-groups");
  var outlineLayer = L.layerGroup().addTo(map);
  var labelLayer = L.layerGroup().addTo(map);
  var pinsLayer = L.layerGroup().addTo(map);
  var meLayer = L.layerGroup().addTo(map);
  var pins = [], me = null, boundaries = null;
  var CLUSTER_PX = 56, CLUSTER_UNTIL_ZOOM = 14, TOWNSHIP_FROM_ZOOM = 10, COUNTY_UNTIL_ZOOM = 11;
  var KINDS = [["post", 10], ["activity", 5], ["need", 5]];

  function P(lat, lng) { return VHCoords.fromWgs84(lat, lng, system); }

  // --- basemaps -------------------------------------------------------------------------------------
  var baseLayers = {}, current = null;
  basemaps.forEach(function (b) {
    var group = L.layerGroup(b.urls.map(function (url) {
      return L.tileLayer(url, { subdomains: b.subdomains || "abc", maxZoom: 18, attribution: b.attribution });
    }));
    group.basemap = b;
    baseLayers[b.label] = group;
    var loaded = 0, failed = 0;  // tiles that cannot be had (offline, a wrong key): back to the outline map
    group.eachLayer(function (tiles) {
      tiles.on("tileload", function () { loaded++; });
      tiles.on("tileerror", function () {
        failed++;
        if (failed === 4 && !loaded && current === group && outline !== group) {
          map.removeLayer(group); outline.addTo(map);
          var note = document.getElementById("basemap-fallback");
          if (note) note.hidden = false;
        }
      });
    });
  });
  var outline = baseLayers[basemaps[basemaps.length - 1].label];
  function useBasemap(group) {
    current = group;
    system = group.basemap.coord;
    el.classList.toggle("basemap-outline", group.basemap.name === "outline");
    drawOutlines(); drawTownships(); draw(); drawMe();
  }
  var first = baseLayers[basemaps[0].label];
  first.addTo(map);
  if (basemaps.length > 1) L.control.layers(baseLayers, null, { collapsed: true, position: "topright" }).addTo(map);
  map.on("baselayerchange", function (e) { useBasemap(e.layer); });
  map.setView(P(center[0], center[1]), 9);

  // --- outlines and names -----------------------------------------------------------------------------
  function drawOutlines() {
    outlineLayer.clearLayers();
    if (!boundaries) return;
    var offline = current.basemap.name === "outline";
    outlineLayer.addLayer(L.geoJSON(boundaries, {
      interactive: false,
      style: function (f) {
        var city = f.properties.level === "city";
        return { color: city ? "#c8102e" : "#52606d", weight: city ? 3 : 1.5, fill: offline,
                 fillColor: "#f5f0e6", fillOpacity: city ? 0.35 : 0.2, interactive: false };
      },
      coordsToLatLng: function (c) { var p = P(c[1], c[0]); return L.latLng(p[0], p[1]); },
      onEachFeature: function (f, layer) {
        if (f.properties.level !== "city" && offline) {
          layer.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "county-label" });
        }
      }
    }));
  }
  function drawTownships() {
    labelLayer.clearLayers();
    if (current.basemap.name !== "outline") return;  // a real basemap writes its own names
    townships.forEach(function (t) {
      var name = document.createElement("span"); name.textContent = t.name;
      var icon = L.divIcon({ className: "township-label", html: name, iconSize: [0, 0] });
      labelLayer.addLayer(L.marker(P(t.lat, t.lng), { icon: icon, interactive: false, keyboard: false }));
    });
  }
  function zoomClasses() {
    var z = map.getZoom();
    el.classList.toggle("show-townships", z >= TOWNSHIP_FROM_ZOOM);
    el.classList.toggle("hide-counties", z >= COUNTY_UNTIL_ZOOM);
  }
  fetch("/api/v1/map/boundaries").then(function (r) { return r.json(); }).then(function (geo) {
    boundaries = geo; drawOutlines();
  });

  // --- pins ---------------------------------------------------------------------------------------------
  function colourClass(item) {
    if (item.kind === "post") return item.status === "open" ? "pin-post" : "pin-closed";
    if (item.kind === "activity") return "pin-activity";
    return item.status === "open" ? "pin-need" : "pin-need-matched";
  }
  function params() {
    var fd = new FormData(form), q = new URLSearchParams();
    ["post_kind", "activity_kind", "need_kind", "date_from", "date_to"].forEach(function (k) { if (fd.get(k)) q.set(k, fd.get(k)); });
    if (fd.get("open_now")) q.set("open_now", "true");
    q.set("coord", "wgs84");
    return q;
  }
  function kinds() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=show]:checked"), function (i) { return i.value; });
  }
  function popupNode(item) {
    var box = document.createElement("div");
    var title = document.createElement("strong"); title.textContent = item.name; box.appendChild(title);
    var line = document.createElement("div");
    line.textContent = item.subtype_name + (item.address ? " · " + item.address : "");
    box.appendChild(line);
    if (item.extra && item.extra.blurred) {
      var b = document.createElement("div"); b.className = "muted"; b.textContent = data.labelBlurred; box.appendChild(b);
    }
    if (item.extra && item.extra.first) {
      var f = document.createElement("div"); f.className = "first"; f.textContent = data.labelFirst; box.appendChild(f);
    }
    var a = document.createElement("a"); a.href = item.url; a.className = "popup-details"; a.textContent = data.labelDetails;
    box.appendChild(a);
    return box;
  }
  // the canvas draws pins, so their colours are given here (the legend's colours, in map.css too)
  var COLOURS = { "pin-post": "#1f6feb", "pin-closed": "#7b8794", "pin-activity": "#2da44e", "pin-need": "#d1242f",
                  "pin-need-matched": "#e36209" };
  function marker(item) {
    var colour = COLOURS[colourClass(item)];
    var first = item.extra && item.extra.first;  // a vulnerable person's need, shown to those who handle it
    var m = L.circleMarker(P(item.lat, item.lng), { radius: first ? 12 : item.kind === "need" ? 9 : 8,
                                                    weight: first ? 4 : 2, color: first ? "#8250df" : "#fff",
                                                    fillColor: colour, fillOpacity: 0.92 });
    m.bindPopup(popupNode(item));
    return m;
  }
  function draw() {
    pinsLayer.clearLayers();
    var zoom = map.getZoom();
    if (zoom >= CLUSTER_UNTIL_ZOOM) { pins.forEach(function (item) { pinsLayer.addLayer(marker(item)); }); return; }
    var cells = {};
    pins.forEach(function (item) {
      var p = map.project(P(item.lat, item.lng), zoom);
      var key = Math.floor(p.x / CLUSTER_PX) + ":" + Math.floor(p.y / CLUSTER_PX);
      (cells[key] = cells[key] || []).push(item);
    });
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      if (group.length === 1) { pinsLayer.addLayer(marker(group[0])); return; }
      var lat = 0, lng = 0, hasNeed = false;
      group.forEach(function (i) { lat += i.lat; lng += i.lng; hasNeed = hasNeed || (i.kind === "need" && i.status === "open"); });
      var size = group.length < 10 ? "s" : group.length < 100 ? "m" : "l";
      var icon = L.divIcon({ className: "cluster cluster-" + size + (hasNeed ? " cluster-need" : ""), html: "<span>" + group.length + "</span>", iconSize: null });
      var m = L.marker(P(lat / group.length, lng / group.length), { icon: icon, keyboard: true, title: String(group.length) });
      m.on("click", function () {
        map.fitBounds(L.latLngBounds(group.map(function (i) { return P(i.lat, i.lng); })).pad(0.3), { maxZoom: CLUSTER_UNTIL_ZOOM + 1 });
      });
      pinsLayer.addLayer(m);
    });
  }
  function loadPins() {
    var q = params();
    q.set("kinds", kinds().join(",") || "post");
    statusLine.textContent = "…";
    fetch("/api/v1/map/pins?" + q.toString()).then(function (r) { return r.json(); }).then(function (body) {
      pins = kinds().length ? body.items : [];
      statusLine.textContent = pins.length + " " + data.labelCount;
      draw();
    });
  }

  // --- the list by distance, posts first ----------------------------------------------------------------
  function distanceText(m) {
    return m < 1000 ? Math.round(m) + " " + data.labelM : (m / 1000).toFixed(1) + " " + data.labelKm;
  }
  function navigateNode(links) {
    var box = document.createElement("div"); box.className = "navigate"; box.setAttribute("role", "group"); box.setAttribute("aria-label", data.labelNavigate);
    var label = document.createElement("span"); label.className = "navigate-label"; label.textContent = data.labelNavigate;
    box.appendChild(label);
    links.forEach(function (link) {
      var a = document.createElement("a"); a.className = "nav-app nav-" + link.app; a.href = link.url;
      a.target = "_blank"; a.rel = "noopener"; a.textContent = link.label; box.appendChild(a);
    });
    return box;
  }
  function itemNode(item) {
    var li = document.createElement("li"); li.className = "item-" + item.kind;
    var a = document.createElement("a"); a.href = item.url; a.className = "item-link";
    var strong = document.createElement("strong"); strong.textContent = item.name; a.appendChild(strong);
    var d = document.createElement("span"); d.className = "distance"; d.textContent = distanceText(item.distance_m);
    a.appendChild(d);
    li.appendChild(a);
    var small = document.createElement("div"); small.className = "muted";
    small.textContent = item.subtype_name + (item.address ? " · " + item.address : "") +
      (item.extra && item.extra.opening_hours ? " · " + item.extra.opening_hours : "") +
      (item.extra && item.extra.blurred ? " · " + data.labelBlurred : "");
    li.appendChild(small);
    if (item.navigate && item.navigate.length) li.appendChild(navigateNode(item.navigate));
    return li;
  }
  function renderGroups(results) {
    results.forEach(function (r) {
      var list = groupsBox.querySelector("ol[data-kind=" + r.kind + "]");
      var title = groupsBox.querySelector("h3[data-kind=" + r.kind + "]");
      if (!list) return;
      list.innerHTML = "";
      var shown = r.items !== null;
      list.hidden = title.hidden = !shown;
      if (!shown) return;
      if (!r.items.length) {
        var empty = document.createElement("li"); empty.className = "empty"; empty.textContent = data.labelNothing; list.appendChild(empty);
      }
      r.items.forEach(function (item) { list.appendChild(itemNode(item)); });
    });
  }
  function loadList(lat, lng) {
    var wanted = kinds().length ? kinds() : ["post"];
    return Promise.all(KINDS.map(function (pair) {
      if (!groupsBox.querySelector("ol[data-kind=" + pair[0] + "]")) return { kind: pair[0], items: null };
      if (wanted.indexOf(pair[0]) < 0) return { kind: pair[0], items: null };
      var q = params();
      q.set("lat", lat); q.set("lng", lng); q.set("kind", pair[0]); q.set("k", String(pair[1]));
      return fetch("/api/v1/map/nearest?" + q.toString()).then(function (r) { return r.json(); })
        .then(function (b) { return { kind: pair[0], items: b.items || [] }; });
    })).then(function (results) { renderGroups(results); return results; });
  }
  function zoomTo(results) {
    // me and the nearest few of each kind, so the first rows of the list are on the map too
    var points = [P(me[0], me[1])];
    results.forEach(function (r) {
      (r.items || []).slice(0, r.kind === "post" ? 3 : 2).forEach(function (i) { points.push(P(i.lat, i.lng)); });
    });
    map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 16 });
  }
  function drawMe() {
    meLayer.clearLayers();
    if (!me) return;
    meLayer.addLayer(L.circleMarker(P(me[0], me[1]), { radius: 10, color: "#fff", weight: 3, fillColor: "#8250df",
                                                       fillOpacity: 1, interactive: false })
      .bindTooltip(data.labelMe, { permanent: true, direction: "bottom", offset: [0, 10], className: "me-label" }));
  }

  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) { statusLine.textContent = data.labelNolocation; loadList(center[0], center[1]); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      me = [pos.coords.latitude, pos.coords.longitude];
      drawMe();
      map.setView(P(me[0], me[1]), 14);
      statusLine.textContent = data.labelSorted;
      var heading = document.querySelector("#distance-list h2");
      if (heading) heading.textContent = data.labelNearestYou;
      loadList(me[0], me[1]).then(zoomTo);
    }, function () {
      statusLine.textContent = data.labelNolocation;
      loadList(center[0], center[1]);
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
  document.getElementById("toggle-list").addEventListener("click", function () {
    document.getElementById("distance-list").scrollIntoView({ behavior: "smooth" });
    if (me) loadList(me[0], me[1]); else loadList(center[0], center[1]);
  });
  form.addEventListener("change", function () { loadPins(); if (me) loadList(me[0], me[1]); });
  form.addEventListener("submit", function (e) { e.preventDefault(); loadPins(); });
  map.on("zoomend", function () { draw(); zoomClasses(); });
  useBasemap(first);
  zoomClasses();
  loadPins();
})();
