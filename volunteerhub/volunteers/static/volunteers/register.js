// The registration's county-then-township(-then-village) picker: the next list is fetched when a county or
// township is chosen. Without JavaScript the form's own button (action=pick) lists it.
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  if (!form) return;
  var english = document.documentElement.lang === "en";
  function say(zh, en) { return english ? en : zh; }

  var pick = document.getElementById("pick-region");
  if (pick) pick.hidden = true;

  function fill(select, regions, first) {
    select.innerHTML = "";
    var none = document.createElement("option");
    none.value = ""; none.textContent = first;
    select.appendChild(none);
    regions.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.code; option.textContent = r.name;
      select.appendChild(option);
    });
  }

  function children(parentSelect) {
    var target = document.getElementById(parentSelect.dataset.children);
    if (!target) return;
    var below = target.dataset.children && document.getElementById(target.dataset.children);
    if (below) fill(below, [], say("不选", "None"));
    if (!parentSelect.value) {
      fill(target, [], target.id === "village" ? say("不选", "None") : say("请先选择县区", "Choose the county first"));
      return;
    }
    fetch("/api/v1/regions?parent=" + encodeURIComponent(parentSelect.value), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (regions) {
        fill(target, regions, target.id === "village" ? say("不选", "None") : say("请选择", "Choose"));
      });
  }
  ["county", "township"].forEach(function (id) {
    var select = document.getElementById(id);
    if (select) select.addEventListener("change", function () { children(select); });
  });

})();
