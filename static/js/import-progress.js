/* The graduate import's status page: polls the progress endpoint and moves the bar; when the run has finished
   (report, preview or outcome ready) it reloads the page. Without JavaScript the page's refresh link does this. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-import-progress");
  var wrapper = box.querySelector(".progress");
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-progress-label]");
  var count = box.querySelector("[data-progress-count]");

  function show(progress) {
    var percent = Math.max(0, Math.min(100, Number(progress.percent) || 0));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    wrapper.setAttribute("aria-valuenow", String(percent));
    label.textContent = progress.status_label;
    count.textContent = progress.total ? "已处理 " + progress.done + " / " + progress.total + " 行" : "准备中";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
