// Text size (A- A A+): save the choice in a cookie and apply it without a reload.
(function () {
  var MIN = -2, MAX = 3;
  function current() {
    return parseInt(document.documentElement.getAttribute("data-textsize") || "0", 10) || 0;
  }
  function apply(size) {
    document.documentElement.setAttribute("data-textsize", String(size));
    document.cookie = "textsize=" + size + "; path=/; max-age=31536000; SameSite=Lax";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-textsize-step]");
    if (!link) return;
    event.preventDefault();
    var step = link.getAttribute("data-textsize-step");
    var size = step === "reset" ? 0 : current() + (step === "up" ? 1 : -1);
    apply(Math.min(MAX, Math.max(MIN, size)));
  });
})();

// Destructive actions: a form with data-confirm asks before it is sent. The message says
// what will be lost and, where it can be undone, how.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();

// A filter form whose choices depend on the province (data-reload-on="province"): choosing
// another province reloads the page, so the districts and networks offered are that
// province's. Without script, the "Show" button does the same.
(function () {
  document.addEventListener("change", function (event) {
    var select = event.target;
    var form = select.form;
    if (!form || select.name !== form.getAttribute("data-reload-on")) return;
    var query = new URLSearchParams(new FormData(form));
    query.delete("district");
    query.delete("network");
    query.delete("page");
    window.location.search = query.toString();
  });
})();
