// The portal's date picker in Indonesian, dates as dd/mm/yyyy, and filter links that do not navigate.
// Loaded after Flask-Admin's jQuery and moment.js and before its form.js, which announces itself with
// 'adminFormReady' before it styles any field.
(function ($, moment) {
  'use strict';
  if (!$ || !moment) return;

  var FORMAT = 'DD/MM/YYYY';
  var TYPED = ['DD/MM/YYYY', 'D/M/YYYY'];  // as the server reads them
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
    followTyping($el, kind === 'datepicker' ? 1 : 2);
    return true;
  }

  // The picker reads the field as it is typed only once it holds whole dates: its own reading takes "01" for a
  // date and writes that date back over what is being typed.
  function followTyping($el, count) {
    var picker = $el.data('daterangepicker');
    $el.off('keyup.daterangepicker').on('keyup.daterangepicker', function () {
      var dates = $el.val().split(RANGE_SEPARATOR).map(function (part) {
        return moment($.trim(part), TYPED, true);
      });
      var whole = dates.length === count && dates.every(function (d) { return d.isValid(); });
      if (!whole || dates[count - 1].isBefore(dates[0])) return;
      picker.startDate = dates[0];
      picker.endDate = dates[count - 1];
      picker.updateView();
      picker.updateCalendars();
    });
  }

  // Flask-Admin's time pickers keep its own set-up: their buttons are named in Indonesian when they open.
  $(document).on('show.daterangepicker', function (event, picker) {
    picker.container.find('.applyBtn').text(LABELS.applyLabel);
    picker.container.find('.cancelBtn').text(LABELS.cancelLabel);
  });

  var added = false;
  $(document).on('adminFormReady', function () {
    if (added || !window.faForm) return;
    window.faForm.addFieldConverter(datePicker);
    added = true;
  });

  // Links that are only there to be clickable (filter entries, menu toggles, Flask-Admin's javascript:void(0)
  // tabs and help marks) never navigate: their scripts act on the click, and the policy runs no javascript: URL.
  var CLICK_ONLY = '.field-filters a.filter, a[href="#"][data-toggle="dropdown"], a[href^="javascript:"]';
  $(document).on('click', CLICK_ONLY, function (event) {
    event.preventDefault();
  });
})(window.jQuery, window.moment);
