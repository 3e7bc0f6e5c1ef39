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

  // The navbar: the menu button opens the menu on narrow screens; a group's button opens its dropdown. Escape, a
  // click or the focus elsewhere, or opening another group closes an open dropdown.
  function setOpen(button, open) {
    var target = document.getElementById(button.getAttribute('aria-controls'));
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (target) target.classList.toggle('show', open);
  }
  function closeDropdowns(except) {
    document.querySelectorAll('[data-menu-dropdown][aria-expanded=true]').forEach(function (b) {
      if (b !== except) setOpen(b, false);
    });
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-menu-toggle], [data-menu-dropdown]');
    if (button) {
      if (button.hasAttribute('data-menu-dropdown')) closeDropdowns(button);
      setOpen(button, button.getAttribute('aria-expanded') !== 'true');
    } else if (!(event.target.closest && event.target.closest('.dropdown-menu'))) {
      closeDropdowns(null);
    }
  });
  document.addEventListener('focusin', function (event) {
    document.querySelectorAll('[data-menu-dropdown][aria-expanded=true]').forEach(function (b) {
      if (!b.parentNode.contains(event.target)) setOpen(b, false);
    });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    var open = document.querySelector('[data-menu-dropdown][aria-expanded=true]');
    if (!open) return;
    closeDropdowns(null);
    open.focus();
  });

  // A table wider than its box scrolls inside it; the box then takes the keyboard focus, so that the arrow keys
  // scroll it too.
  function markScrollingTables() {
    document.querySelectorAll('.table-responsive').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    });
  }
  document.addEventListener('DOMContentLoaded', markScrollingTables);
  window.addEventListener('resize', markScrollingTables);

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
