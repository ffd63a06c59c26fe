// Organiser's rotating check-in QR code: fetch a fresh signed token well before the old one expires.
(function () {
  var box = document.getElementById("qr-box");
  if (!box) return;
  var img = document.getElementById("qr-image");
  var status = document.getElementById("qr-status");
  var url = box.getAttribute("data-token-url");
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.message || "error"; setTimeout(refresh, 10000); return; }
        img.src = res.body.qr_svg;
        status.textContent = new Date().toLocaleTimeString();
        setTimeout(refresh, Math.max(5, res.body.expires_in / 2) * 1000);
      })
      .catch(function () { status.textContent = "…"; setTimeout(refresh, 5000); });
  }
  refresh();
})();
