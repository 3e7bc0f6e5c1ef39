// Behaviours of single screens (loaded by the pages that use them); the Content-Security-Policy runs no inline script.
(function () {
  'use strict';

  // Apel: "Hadir semua" ticks everyone; the count of those to be marked absent follows the boxes and is asked
  // before saving. Without a script the page shows the count of the stored state.
  function apel(form) {
    var boxes = form.querySelectorAll('input[name=hadir]:not([disabled])');
    var shown = form.querySelector('[data-apel-absent]');
    var all = form.querySelector('[data-apel-all]');
    function absent() {
      return Array.prototype.filter.call(boxes, function (b) { return !b.checked; }).length;
    }
    function update() { if (shown) shown.textContent = absent(); }
    form.addEventListener('change', update);
    if (all) {
      all.hidden = false;
      all.addEventListener('click', function () {
        boxes.forEach(function (b) { b.checked = true; });
        update();
      });
    }
    form.addEventListener('submit', function (event) {
      var n = absent();
      if (n && !window.confirm(form.getAttribute('data-confirm-absent').replace('{n}', n))) event.preventDefault();
    });
  }

  // The activity form: the extra task's description only while "tugas tambahan" is chosen.
  function extraTask(box) {
    var form = box.closest('form'), chosen = form && form.querySelector('input[name=tambahan]');
    if (!chosen) return;
    function update() { box.hidden = !chosen.checked; }
    chosen.addEventListener('change', update);
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-apel-form]').forEach(apel);
    document.querySelectorAll('[data-tambahan-box]').forEach(extraTask);
  });
})();
