// "获取验证码" with JavaScript: the code is asked for by fetch and the button counts down to the next one.
// Without JavaScript the same button submits the form (action=send_code) and the page says it was sent.
(function () {
  "use strict";
  var button = document.getElementById("send-code");
  if (!button) return;
  var form = button.form;
  var english = document.documentElement.lang === "en";
  function say(zh, en) { return english ? en : zh; }
  // Enter in a field submits the form's main button, not "获取验证码" (the first button, for the no-script form).
  var main = form.querySelector("button.primary[type=submit]");
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT" && main) { event.preventDefault(); main.click(); }
  });
  var label = button.textContent;
  function countdown(seconds) {
    button.disabled = true;
    (function tick() {
      if (seconds <= 0) { button.disabled = false; button.textContent = label; return; }
      button.textContent = say(seconds + "秒后重新获取", "Again in " + seconds + " s");
      seconds -= 1;
      setTimeout(tick, 1000);
    })();
  }
  function note(text, isError) {
    var p = document.getElementById("code-note");
    if (!p) {
      p = document.createElement("p");
      p.id = "code-note";
      p.setAttribute("role", "status");
      button.parentNode.insertAdjacentElement("afterend", p);
    }
    p.className = isError ? "error" : "muted";
    p.textContent = text;
  }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var phone = document.getElementById("phone").value;
    fetch("/api/v1/auth/sms-code", {
      method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({phone: phone, purpose: form.dataset.purpose || "register"})
    }).then(function (r) {
      var retry = parseInt(r.headers.get("Retry-After") || "0", 10);
      return r.json().then(function (body) { return {ok: r.ok, body: body, retry: retry}; });
    }).then(function (answer) {
      if (answer.ok) {
        note(answer.body.message, false);
        countdown(answer.body.resend_after);
      } else {
        var reasons = answer.body.fields && (answer.body.fields.phone || answer.body.fields.sms_code);
        note(reasons ? reasons.join("；") : answer.body.message, true);
        if (answer.retry && answer.retry <= 120) countdown(answer.retry);
      }
    }).catch(function () { note(say("网络异常，请稍后再试", "Network problem: try again"), true); });
  });
  if (document.getElementById("code-sent")) countdown(parseInt(form.dataset.resend, 10) || 60);
})();
