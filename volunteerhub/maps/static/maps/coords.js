// WGS-84 (what browsers give) to GCJ-02 / BD-09 (what Chinese tile servers draw): the forward
// formulas only; the server does the exact inversions.
(function (root) {
  var A = 6378245.0, EE = 0.00669342162296594323, XPI = Math.PI * 3000.0 / 180.0;
  function inChina(lat, lng) { return lat >= 0.8293 && lat <= 55.8271 && lng >= 72.004 && lng <= 137.8347; }
  function tLat(x, y) {
    var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return r;
  }
  function tLng(x, y) {
    var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return r;
  }
  function toGcj(lat, lng) {
    if (!inChina(lat, lng)) return [lat, lng];
    var dLat = tLat(lng - 105.0, lat - 35.0), dLng = tLng(lng - 105.0, lat - 35.0);
    var rad = lat / 180.0 * Math.PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad), sm = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sm) * Math.PI);
    dLng = (dLng * 180.0) / (A / sm * Math.cos(rad) * Math.PI);
    return [lat + dLat, lng + dLng];
  }
  function toBd(lat, lng) {
    var g = toGcj(lat, lng), x = g[1], y = g[0];
    var z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * XPI);
    var th = Math.atan2(y, x) + 0.000003 * Math.cos(x * XPI);
    return [z * Math.sin(th) + 0.006, z * Math.cos(th) + 0.0065];
  }
  root.VHCoords = {
    fromWgs84: function (lat, lng, system) {
      if (system === "gcj02") return toGcj(lat, lng);
      if (system === "bd09") return toBd(lat, lng);
      return [lat, lng];
    }
  };
})(window);
