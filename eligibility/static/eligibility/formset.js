// Adds a row to a Django formset on the self-check page: clones the row <template> and bumps TOTAL_FORMS.
// Kept in a file because the Content Security Policy forbids inline scripts.
"use strict";
document.querySelectorAll("[data-formset]").forEach(function (fieldset) {
  var prefix = fieldset.dataset.formset;
  var total = fieldset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  var template = fieldset.querySelector("template[data-formset-template]");
  var rows = fieldset.querySelector("[data-formset-rows]");
  var button = fieldset.querySelector("[data-formset-add]");
  if (!total || !template || !rows || !button) {
    return;
  }
  // The server refuses more rows than MAX_NUM_FORMS; say so before the user types them.
  var max = fieldset.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
  var limit = max ? parseInt(max.value, 10) : Infinity;
  function sync() {
    button.disabled = parseInt(total.value, 10) >= limit;
  }
  sync();
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (index >= limit) {
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    sync();
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select");
    if (first) {
      first.focus();
    }
  });
});
