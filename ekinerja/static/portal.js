// The portal's date picker in Indonesian, dates as dd/mm/yyyy, and filter links that do not navigate.
// Loaded after Flask-Admin's jQuery and moment.js and before its form.js, which announces itself with
// 'adminFormReady' before it styles any field.
(function ($, moment) {
  'use strict';
  if (!$ || !moment) return;

  var FORMAT = 'DD/MM/YYYY';
  var RANGE_SEPARATOR = ' s.d. ';  // the server reads ' s.d. ' (and ' to ') between two dates

  moment.defineLocale('id', {
    months: 'Januari_Februari_Maret_April_Mei_Juni_Juli_Agustus_September_Oktober_November_Desember'.split('_'),
    monthsShort: 'Jan_Feb_Mar_Apr_Mei_Jun_Jul_Agt_Sep_Okt_Nov_Des'.split('_'),
    weekdays: 'Minggu_Senin_Selasa_Rabu_Kamis_Jumat_Sabtu'.split('_'),
    weekdaysShort: 'Min_Sen_Sel_Rab_Kam_Jum_Sab'.split('_'),
    weekdaysMin: 'Mg_Sn_Sl_Rb_Km_Jm_Sb'.split('_'),
    week: {dow: 1, doy: 4}
  });
  moment.locale('id');

  var LABELS = {
    applyLabel: 'Pilih',
    cancelLabel: 'Batal',
    fromLabel: 'Dari',
    toLabel: 'Sampai',
    weekLabel: 'Mg',
    customRangeLabel: 'Rentang lain'
  };

  // Date fields of forms and filters: Flask-Admin's daterangepicker, in Indonesian and dd/mm/yyyy.
  function datePicker($el, kind) {
    if (kind !== 'datepicker' && kind !== 'daterangepicker') return false;
    $el.attr('data-date-format', FORMAT).attr('placeholder', kind === 'datepicker' ? 'hh/bb/tttt' : 'hh/bb/tttt s.d. hh/bb/tttt');
    $el.attr('autocomplete', 'off');
    $el.daterangepicker({
      timePicker: false,
      showDropdowns: true,
      singleDatePicker: kind === 'datepicker',
      separator: RANGE_SEPARATOR,
      format: FORMAT,
      locale: LABELS
    }, function () {
      $('.filter-val').trigger('change');
    });
    return true;
  }

  var added = false;
  $(document).on('adminFormReady', function () {
    if (added || !window.faForm) return;
    window.faForm.addFieldConverter(datePicker);
    added = true;
  });

  // "Tambah filter" entries are links only to be clickable; the filter script adds the filter.
  $(document).on('click', '.field-filters a.filter', function (event) {
    event.preventDefault();
  });
})(window.jQuery, window.moment);
