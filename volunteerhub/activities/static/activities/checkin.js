// Volunteer's scan page: ask the browser for its WGS-84 position, then post it with the QR token.
(function () {
  var box = document.getElementById("checkin-box");
  if (!box) return;
  var result = document.getElementById("checkin-result");
  var token = box.getAttribute("data-token");
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function send(action, pos) {
    fetch("/api/v1/" + action, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: JSON.stringify({ token: token, lat: pos.coords.latitude, lng: pos.coords.longitude })
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { result.className = "error"; result.textContent = res.body.message; return; }
        var b = res.body;
        result.className = "ok";
        if (action === "checkin") {
          result.textContent = (b.already ? "已签到（无需重复）" : "签到成功") + "：" + b.activity_title;
        } else {
          result.textContent = (b.already ? "已签退" : "签退成功") + "：" + b.activity_title +
            (b.hours !== null ? "，计 " + b.hours + " 小时（待审核）" : "");
        }
      });
  }
  function start(action) {
    if (!navigator.geolocation) { result.className = "error"; result.textContent = "此浏览器无法定位 / no geolocation"; return; }
    result.className = ""; result.textContent = "正在定位… Locating…";
    navigator.geolocation.getCurrentPosition(function (pos) { send(action, pos); }, function (err) {
      result.className = "error"; result.textContent = "无法获取位置，请允许定位 (" + err.message + ")";
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }
  ["checkin-button", "checkout-button"].forEach(function (id) {
    var b = document.getElementById(id);
    if (b) b.addEventListener("click", function () { start(b.getAttribute("data-action")); });
  });
})();
