// The screens' few behaviours, from this file: the Content-Security-Policy runs no inline script or handler.
(function () {
  'use strict';

  // <form data-confirm="..."> asks before it is sent.
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // The portal's bulk actions (Flask-Admin's modelActions) from <a data-action="name">.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('[data-action]');
    if (!link || !window.modelActions) return;
    event.preventDefault();
    window.modelActions.execute(link.getAttribute('data-action'));
  });

  // <input type="checkbox" data-check-all> ticks every ids box of its card.
  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!box.hasAttribute || !box.hasAttribute('data-check-all')) return;
    box.closest('.card').querySelectorAll('input[name=ids]').forEach(function (c) { c.checked = box.checked; });
  });

  // The duty search of the activity form narrows the duty list and picks the first match.
  document.addEventListener('DOMContentLoaded', function () {
    var search = document.getElementById('cari-tugas'), select = document.getElementById('tugas');
    if (!search || !select) return;
    search.addEventListener('input', function () {
      var q = search.value.toLowerCase(), first = null;
      Array.prototype.forEach.call(select.options, function (o) {
        var show = !o.value || o.text.toLowerCase().indexOf(q) !== -1;
        o.hidden = !show;
        if (show && o.value && !first) first = o;
      });
      if (q && first) select.value = first.value;
    });
  });
})();
