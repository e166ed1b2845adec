// Behaviour every page may use, without inline script (the Content-Security-Policy allows none):
// the language picker submits its form on change; a [data-check-all="name"] button ticks every
// checkbox of that name.
(function () {
  "use strict";
  var language = document.getElementById("language-select");
  if (language) {
    language.addEventListener("change", function () { language.form.submit(); });
  }
  document.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll("input[name='" + button.dataset.checkAll + "']").forEach(function (box) {
        box.checked = true;
      });
    });
  });
})();
