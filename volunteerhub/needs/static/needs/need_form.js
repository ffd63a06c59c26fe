// "Use my location": the browser gives WGS-84, which is what the form sends (coord=wgs84).
(function () {
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) return;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("lng").value = pos.coords.longitude.toFixed(6);
      document.getElementById("coord").value = "wgs84";
    });
  });
})();
