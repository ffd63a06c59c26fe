// Where the help is needed: tapped on a small map (the city's outlines, no tiles needed), dragged, or "use my
// location". The browser and the outline map are WGS-84, which is what the form sends (coord=wgs84).
(function () {
  var lat = document.getElementById("lat"), lng = document.getElementById("lng");
  var coord = document.getElementById("coord"), picked = document.getElementById("picked");
  var box = document.getElementById("pick-map"), button = document.getElementById("use-location");
  var map = null, marker = null;

  function set(latValue, lngValue, pan) {
    lat.value = latValue.toFixed(6);
    lng.value = lngValue.toFixed(6);
    coord.value = "wgs84";
    if (picked) picked.textContent = picked.dataset.chosen + "：" + lat.value + ", " + lng.value;
    if (!map) return;
    var at = [latValue, lngValue];
    if (marker) { marker.setLatLng(at); } else {
      marker = L.marker(at, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () { var p = marker.getLatLng(); set(p.lat, p.lng, false); });
    }
    if (pan) map.setView(at, Math.max(map.getZoom(), 15));
  }

  if (box && window.L) {
    var start = [parseFloat(box.dataset.lat) || 37.3835, parseFloat(box.dataset.lng) || 117.9707];
    map = L.map(box, { zoomControl: true, attributionControl: false }).setView(start, box.dataset.lat ? 15 : 10);
    fetch("/api/v1/map/boundaries").then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
      if (geo) L.geoJSON(geo, { style: { color: "#7b8794", weight: 1, fillOpacity: 0.04 } }).addTo(map);
    }).catch(function () {});
    if (box.dataset.lat && box.dataset.lng) set(start[0], start[1], false);
    map.on("click", function (e) { set(e.latlng.lat, e.latlng.lng, false); });
  }
  [lat, lng].forEach(function (input) {
    input.addEventListener("change", function () {
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (!isNaN(a) && !isNaN(b)) set(a, b, true);
    });
  });
  if (button && navigator.geolocation) {
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) { set(pos.coords.latitude, pos.coords.longitude, true); });
    });
  }
})();
