// Large-text option for elderly users, remembered on this device.
(function () {
  var key = "vh-large-text";
  var root = document.documentElement;
  if (localStorage.getItem(key) === "1") root.classList.add("large-text");
  var button = document.getElementById("large-text-toggle");
  if (!button) return;
  button.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
  button.addEventListener("click", function () {
    var on = root.classList.toggle("large-text");
    localStorage.setItem(key, on ? "1" : "0");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  });
})();
