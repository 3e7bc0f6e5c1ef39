// The progress page of a background job: asks the job's JSON every second until it is done, then shows the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box || box.dataset.status === "SELESAI" || box.dataset.status === "GAGAL") {
    return;
  }
  function part(name) {
    return box.querySelector('[data-job="' + name + '"]');
  }
  function poll() {
    fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (job) {
        part("label").textContent = job.label;
        part("count").textContent = job.selesai + "/" + job.jumlah;
        part("bar").max = job.jumlah || 1;
        part("bar").value = job.jumlah ? job.selesai : 0;
        if (job.status === "SELESAI" || job.status === "GAGAL") {
          window.location.reload(); // the page as the server renders a finished job: its file, its errors
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
