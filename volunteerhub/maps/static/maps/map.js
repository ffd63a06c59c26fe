// The service map: an offline basemap (county boundaries) or configured tiles, pins coloured by
// kind and status, a small grid clusterer when zoomed out, filters, "near me", and a list by distance.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var data = el.dataset;
  var system = data.tileCoord || "wgs84";
  var center = [parseFloat(data.centerLat), parseFloat(data.centerLng)];
  var map = L.map(el, { zoomControl: true, preferCanvas: true }).setView(VHCoords.fromWgs84(center[0], center[1], system), 9);
  var form = document.getElementById("map-filters");
  var statusLine = document.getElementById("map-status");
  var listBox = document.getElementById("distance-items");
  var pinsLayer = L.layerGroup().addTo(map);
  var meLayer = L.layerGroup().addTo(map);
  var pins = [];
  var me = null;
  var CLUSTER_PX = 56, CLUSTER_UNTIL_ZOOM = 14;

  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: "" }).addTo(map);
  } else {
    fetch("/api/v1/map/boundaries").then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          var city = f.properties.level === "city";
          return { color: city ? "#c8102e" : "#52606d", weight: city ? 3 : 1.5, fillColor: "#f5f0e6", fillOpacity: city ? 0.25 : 0.15 };
        },
        coordsToLatLng: function (c) { var p = VHCoords.fromWgs84(c[1], c[0], system); return L.latLng(p[0], p[1]); },
        onEachFeature: function (f, layer) {
          if (f.properties.level !== "city") layer.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "county-label" });
        }
      }).addTo(map);
    });
  }

  function colourClass(item) {
    if (item.kind === "post") return item.status === "open" ? "pin-post" : "pin-closed";
    if (item.kind === "activity") return "pin-activity";
    return item.status === "open" ? "pin-need" : "pin-need-matched";
  }

  function params() {
    var fd = new FormData(form), q = new URLSearchParams();
    ["post_kind", "activity_kind", "need_kind", "date_from", "date_to"].forEach(function (k) { if (fd.get(k)) q.set(k, fd.get(k)); });
    if (fd.get("open_now")) q.set("open_now", "true");
    q.set("coord", system);
    return q;
  }

  function kinds() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=show]:checked"), function (i) { return i.value; });
  }

  function popupNode(item) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = item.name;
    box.appendChild(title);
    var line = document.createElement("div");
    line.textContent = item.subtype_name + (item.address ? " · " + item.address : "");
    box.appendChild(line);
    if (item.extra && item.extra.blurred) {
      var b = document.createElement("div"); b.className = "muted"; b.textContent = data.labelBlurred; box.appendChild(b);
    }
    var a = document.createElement("a"); a.href = item.url; a.textContent = data.labelDetails; box.appendChild(a);
    return box;
  }

  function draw() {
    pinsLayer.clearLayers();
    var zoom = map.getZoom();
    if (zoom >= CLUSTER_UNTIL_ZOOM) {
      pins.forEach(function (item) { pinsLayer.addLayer(marker(item)); });
      return;
    }
    var cells = {};
    pins.forEach(function (item) {
      var p = map.project([item.lat, item.lng], zoom);
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
      var m = L.marker([lat / group.length, lng / group.length], { icon: icon, keyboard: true, title: String(group.length) });
      m.on("click", function () {
        var bounds = L.latLngBounds(group.map(function (i) { return [i.lat, i.lng]; }));
        map.fitBounds(bounds.pad(0.3), { maxZoom: CLUSTER_UNTIL_ZOOM + 1 });
      });
      pinsLayer.addLayer(m);
    });
  }

  function marker(item) {
    var m = L.circleMarker([item.lat, item.lng], { radius: item.kind === "need" ? 9 : 8, className: colourClass(item), weight: 2 });
    m.bindPopup(popupNode(item));
    return m;
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

  function distanceText(m) {
    return m < 1000 ? Math.round(m) + " " + data.labelM : (m / 1000).toFixed(1) + " " + data.labelKm;
  }

  function renderList(items) {
    listBox.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a"); a.href = item.url;
      var strong = document.createElement("strong"); strong.textContent = item.name; a.appendChild(strong);
      li.appendChild(a);
      var d = document.createElement("span"); d.className = "distance"; d.textContent = distanceText(item.distance_m);
      li.appendChild(d);
      var small = document.createElement("div"); small.className = "muted";
      small.textContent = item.subtype_name + (item.address ? " · " + item.address : "") + (item.extra && item.extra.blurred ? " · " + data.labelBlurred : "");
      li.appendChild(small);
      listBox.appendChild(li);
    });
  }

  function loadList(lat, lng) {
    var requests = (kinds().length ? kinds() : ["post"]).map(function (kind) {
      var q = params();
      q.set("coord", "wgs84"); q.set("lat", lat); q.set("lng", lng); q.set("kind", kind); q.set("k", "10");
      return fetch("/api/v1/map/nearest?" + q.toString()).then(function (r) { return r.json(); }).then(function (b) { return b.items || []; });
    });
    Promise.all(requests).then(function (lists) {
      var all = [].concat.apply([], lists).sort(function (a, b) { return a.distance_m - b.distance_m; });
      renderList(all.slice(0, 30));
    });
  }

  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) { statusLine.textContent = data.labelNolocation; loadList(center[0], center[1]); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      me = [pos.coords.latitude, pos.coords.longitude];
      var shown = VHCoords.fromWgs84(me[0], me[1], system);
      meLayer.clearLayers();
      meLayer.addLayer(L.circleMarker(shown, { radius: 10, className: "pin-me" }).bindTooltip(data.labelMe, { permanent: true }));
      map.setView(shown, 13);
      statusLine.textContent = data.labelSorted;
      var heading = document.querySelector("#distance-list h2");
      if (heading && data.labelNearestYou) heading.textContent = data.labelNearestYou;
      loadList(me[0], me[1]);
    }, function () {
      statusLine.textContent = data.labelNolocation;
      loadList(center[0], center[1]);
    }, { enableHighAccuracy: true, timeout: 10000 });
  });

  document.getElementById("toggle-list").addEventListener("click", function () {
    var list = document.getElementById("distance-list");
    list.scrollIntoView({ behavior: "smooth" });
    if (me) loadList(me[0], me[1]); else loadList(center[0], center[1]);
  });

  form.addEventListener("change", function () { loadPins(); if (me) loadList(me[0], me[1]); });
  form.addEventListener("submit", function (e) { e.preventDefault(); loadPins(); });
  map.on("zoomend", draw);
  loadPins();
})();
