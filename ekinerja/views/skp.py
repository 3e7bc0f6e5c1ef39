"""SKP screens: staff draft and follow their SKP, appraisers agree and rate, admin_skpd see the SKPD's curve."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ekinerja import clock, web
from ekinerja.i18n import BULAN
from ekinerja.models import HasilKerja, Indikator, Keberatan, PerilakuSkp, Skp, Skpd, Target, UraianTugas
from ekinerja.rules import skp as rules
from ekinerja.services import skp as plans
from ekinerja.services import skp_evaluation as evals
from ekinerja.views.documents import pdf_response
from ekinerja.web import show_refusal
from forms import skp as forms
from reports import angka, skp_documents

bp = Blueprint("skp", __name__, url_prefix="/skp")
bp.add_app_template_filter(angka, "angka")


def _skp_or_404(skp_id):
    found = plans.visible(current_user, skp_id)
    if found is None:
        abort(404)
    return found


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = forms.CreateForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            skp = plans.create(current_user, form.tanggal.data)
        except plans.SkpRejected as rejected:
            show_refusal(rejected, form)
        else:
            flash("SKP dibuat. Susun rencana hasil kerjanya.", "success")
            return redirect(url_for(".detail", skp_id=skp.id))
    rows = plans.own_and_appraised(current_user)
    own = [s for s in rows if s.pegawai_id == current_user.pegawai_id]
    return render_template(
        "skp/index.html",
        own=own,
        form=form,
        objections=evals.pending_objections(current_user),
        appraises=len(rows) > len(own),
        status_labels=STATUS_LABELS,
    )


STATUS_LABELS = {s.value: s.label for s in rules.Status}


@bp.route("/penilai")
@login_required
def appraised():
    year = web.year_or(request.args.get("tahun", type=int), clock.today().year)
    rows = web.page_of([s for s in plans.own_and_appraised(current_user, year) if plans.is_appraiser(current_user, s)])
    people = [{"skp": skp, "progress": evals.progress(skp), "evaluasi": evals.evaluations(skp)} for skp in rows.items]
    return render_template("skp/appraised.html", rows=rows, people=people, year=year, status_labels=STATUS_LABELS)


def _intervention_choices(skp):
    choices = {"": "-"}
    if skp.penilai_id:
        superior = HasilKerja.select().join(Skp).where(Skp.pegawai == skp.penilai_id, Skp.tahun == skp.tahun)
        choices |= {f"h{h.id}": f"Hasil kerja atasan: {h.uraian[:80]}" for h in superior}
    targets = Target.select().where(Target.skpd == plans.skpd_id_of(skp), Target.tahun == skp.tahun)
    choices |= {f"t{t.id}": f"Target SKPD: {t.indikator[:80]}" for t in targets}
    return choices


def _duty_choices(skp):
    duties = UraianTugas.select().where(UraianTugas.jabatan == skp.jabatan_id, UraianTugas.aktif)
    return {"": "- diisi sendiri -"} | {d.kode: f"{d.kode} - {d.uraian[:60]}" for d in duties}


def _period_choices(skp, annual=False):
    numbers = range(0 if annual else 1, rules.period_count(skp.periode_evaluasi) + 1)
    return {str(n): rules.period_label(skp.periode_evaluasi, n) for n in numbers}


def _page_forms(skp, given):
    """Every form of the detail page, the one just posted (with its errors) in place of a blank one."""
    page = {
        "result_form": forms.ResultForm(formdata=None),
        "indicator_form": forms.IndicatorForm(formdata=None),
        "note_form": forms.NoteForm(formdata=None),
        "realisation_form": forms.RealisationForm(formdata=None),
        "feedback_form": forms.FeedbackForm(formdata=None),
        "objection_form": forms.ObjectionForm(formdata=None),
        "objection_decision_form": forms.ObjectionDecisionForm(formdata=None),
    }
    page.update(given)
    page["result_form"].intervensi.choices = _intervention_choices(skp)
    for name in ("result_form", "indicator_form"):
        page[name].tugas.choices = _duty_choices(skp)
    page["feedback_form"].periode.choices = _period_choices(skp, annual=True)
    page["realisation_form"].bulan.choices = {str(m): BULAN[m - 1] for m, _ in evals.month_dates(skp)}
    page["objection_decision_form"].predikat_baru.choices = list(rules.predikat_names(skp.metode))
    return page


def _detail(skp, status=200, **given):
    skp = Skp.get_by_id(skp.id)
    results = evals.indicators_of(skp)
    realised = evals.realisation(skp)
    page = _page_forms(skp, given)
    page["realisation_form"].indikator.choices = {
        str(i.id): f"{h.nomor}. {i.uraian[:60]}" for h, items in results for i in items if not i.tugas_id
    }
    page["feedback_form"].hasil.choices = {str(h.id): f"{h.nomor}. {h.uraian[:60]}" for h, _ in results}
    html = render_template(
        "skp/detail.html",
        skp=skp,
        results=results,
        realised=realised,
        annual={i.id: evals.annual_realisation(i, realised.get(i.id, {})) for _, items in results for i in items},
        months=evals.month_dates(skp),
        perilaku=list(PerilakuSkp.select().where(PerilakuSkp.skp == skp.id).order_by(PerilakuSkp.id)),
        evaluasi=evals.evaluations(skp),
        keberatan=Keberatan.get_or_none(Keberatan.skp == skp.id),
        feedback={(u.hasil_id, u.periode): u for h, _ in results for u in h.umpan_balik},
        owner=plans.is_owner(current_user, skp),
        appraiser=plans.is_appraiser(current_user, skp),
        superior=plans.is_superior_appraiser(current_user, skp),
        editable=skp.status in rules.PLAN_EDITABLE,
        status_labels=STATUS_LABELS,
        rules=rules,
        **page,
    )
    return html, status


@bp.route("/<int:skp_id>")
@login_required
def detail(skp_id):
    return _detail(_skp_or_404(skp_id))


def _done(skp, message):
    flash(message, "success")
    return redirect(url_for(".detail", skp_id=skp.id))


def _intervention(value):
    value = value or ""
    if value[:1] == "t" and value[1:].isdigit():
        return int(value[1:]), None
    if value[:1] == "h" and value[1:].isdigit():
        return None, int(value[1:])
    return None, None


def _indicator_input(form):
    return plans.IndicatorInput(
        form.aspek.data, form.uraian.data, (form.target.data or "").replace(",", "."), form.satuan.data,
        form.tugas.data or None,
    )  # fmt: skip


@bp.route("/<int:skp_id>/hasil", methods=["POST"])
@login_required
def add_result(skp_id):
    skp = _skp_or_404(skp_id)
    form = forms.ResultForm()
    target_id, hasil_id = _intervention(form.intervensi.data)
    try:
        plans.add_result(
            current_user, skp, plans.ResultInput(form.hasil.data, target_id, hasil_id), [_indicator_input(form)]
        )
    except plans.SkpRejected as rejected:
        names = {"uraian": "hasil", "target_skpd": "intervensi", "hasil_atasan": "intervensi"}
        names.update({f"indikator[1].{name}": name for name in ("aspek", "uraian", "target", "satuan", "tugas")})
        show_refusal(rejected, form, names)
        return _detail(skp, 422, result_form=form)
    return _done(skp, "Hasil kerja ditambahkan.")


def _own_row(model, row_id, skp):
    row = model.get_or_none(model.id == row_id)
    if row is None or (row.hasil.skp_id if model is Indikator else row.skp_id) != skp.id:
        abort(404)
    return row


@bp.route("/<int:skp_id>/hasil/<int:hasil_id>/indikator", methods=["POST"])
@login_required
def add_indicator(skp_id, hasil_id):
    skp = _skp_or_404(skp_id)
    hasil = _own_row(HasilKerja, hasil_id, skp)
    form = forms.IndicatorForm()
    try:
        plans.add_indicator(current_user, hasil, _indicator_input(form))
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form)
        return _detail(skp, 422, indicator_form=form)
    return _done(skp, "Indikator ditambahkan.")


@bp.route("/<int:skp_id>/hasil/<int:hasil_id>/hapus", methods=["POST"])
@login_required
def remove_result(skp_id, hasil_id):
    skp = _skp_or_404(skp_id)
    try:
        plans.remove_result(current_user, _own_row(HasilKerja, hasil_id, skp))
    except plans.SkpRejected as rejected:
        show_refusal(rejected)
    return redirect(url_for(".detail", skp_id=skp.id))


@bp.route("/<int:skp_id>/indikator/<int:indikator_id>/hapus", methods=["POST"])
@login_required
def remove_indicator(skp_id, indikator_id):
    skp = _skp_or_404(skp_id)
    try:
        plans.remove_indicator(current_user, _own_row(Indikator, indikator_id, skp))
    except plans.SkpRejected as rejected:
        show_refusal(rejected)
    return redirect(url_for(".detail", skp_id=skp.id))


@bp.route("/<int:skp_id>/keputusan", methods=["POST"])
@login_required
def decide(skp_id):
    skp = _skp_or_404(skp_id)
    form = forms.NoteForm()
    action = request.form.get("aksi", "")
    try:
        plans.decide(current_user, skp, action, form.catatan.data)
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form, {"aksi": "catatan"})
        return _detail(skp, 422, note_form=form)
    labels = {"ajukan": "diajukan", "setujui": "disepakati", "kembalikan": "dikembalikan"}
    return _done(skp, f"SKP {labels.get(action, action)}.")


@bp.route("/<int:skp_id>/perilaku", methods=["POST"])
@login_required
def expectations(skp_id):
    skp = _skp_or_404(skp_id)
    try:
        plans.set_expectations(current_user, skp, {a: request.form.get(a, "") for a in rules.BERAKHLAK})
    except plans.SkpRejected as rejected:
        show_refusal(rejected)
        return redirect(url_for(".detail", skp_id=skp.id))
    return _done(skp, "Ekspektasi perilaku disimpan.")


@bp.route("/<int:skp_id>/realisasi", methods=["POST"])
@login_required
def realisation(skp_id):
    skp = _skp_or_404(skp_id)
    form = forms.RealisationForm()
    indikator = _own_row(Indikator, request.form.get("indikator", type=int) or 0, skp)
    try:
        value = (form.nilai.data or "").replace(",", ".")
        evals.record_realisation(current_user, indikator, request.form.get("bulan", type=int), value, form.bukti.data)
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form)
        return _detail(skp, 422, realisation_form=form)
    return _done(skp, "Realisasi disimpan.")


@bp.route("/<int:skp_id>/umpan-balik", methods=["POST"])
@login_required
def feedback(skp_id):
    skp = _skp_or_404(skp_id)
    form = forms.FeedbackForm()
    hasil = _own_row(HasilKerja, request.form.get("hasil", type=int) or 0, skp)
    try:
        evals.give_feedback(current_user, hasil, request.form.get("periode", type=int), form.catatan.data)
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form)
        return _detail(skp, 422, feedback_form=form)
    return _done(skp, "Umpan balik disimpan.")


@bp.route("/<int:skp_id>/keberatan", methods=["POST"])
@login_required
def objection(skp_id):
    skp = _skp_or_404(skp_id)
    form = forms.ObjectionForm()
    try:
        evals.file_objection(current_user, skp, form.alasan.data)
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form)
        return _detail(skp, 422, objection_form=form)
    return _done(skp, "Keberatan diajukan kepada atasan pejabat penilai.")


@bp.route("/<int:skp_id>/keberatan/putus", methods=["POST"])
@login_required
def decide_objection(skp_id):
    skp = _skp_or_404(skp_id)
    keberatan = Keberatan.get_or_none(Keberatan.skp == skp.id) or abort(404)
    form = forms.ObjectionDecisionForm()
    try:
        evals.decide_objection(current_user, keberatan, form.keputusan.data, form.alasan.data, form.predikat_baru.data)
    except plans.SkpRejected as rejected:
        show_refusal(rejected, form)
        return _detail(skp, 422, objection_decision_form=form)
    return _done(skp, "Keberatan diputuskan.")


@bp.route("/<int:skp_id>/nilai", methods=["GET", "POST"])
@login_required
def rate(skp_id):
    """One screen per person: the periodic or annual rating, with the periods so far and the curve's warning."""
    skp = _skp_or_404(skp_id)
    if not plans.is_appraiser(current_user, skp):
        abort(403)
    form = forms.EvaluationForm()
    form.periode.choices = _period_choices(skp, annual=True)
    done = evals.evaluations(skp)
    if request.method == "POST" and form.validate_on_submit():
        data = evals.EvaluationInput(
            int(form.periode.data or 0),
            form.rating_hasil.data or None,
            form.rating_perilaku.data or None,
            form.catatan.data,
            {a: getattr(form, "perilaku_" + a).data for a in rules.PERILAKU_PP46},
            form.tugas_tambahan.data or 0,
            (form.kreativitas.data,) if form.kreativitas.data else (),
        )
        try:
            row = evals.evaluate(current_user, skp, data)
        except plans.SkpRejected as rejected:
            show_refusal(rejected, form)
        else:
            flash(f"{rules.period_label(skp.periode_evaluasi, row.periode)}: predikat {row.predikat}.", "success")
            return redirect(url_for(".rate", skp_id=skp.id))
    skpd = Skpd.get_by_id(plans.skpd_id_of(skp))
    warning = []
    if skp.metode != "pp_46_2011":
        current = done.get(rules.ANNUAL)
        warning = evals.distribution(skpd, skp.tahun).problems if current else []
    return render_template(
        "skp/rate.html", skp=skp, form=form, done=done, rules=rules, warning=warning, skpd=skpd, **_preview(skp)
    )


def _preview(skp):
    """The predikat every rating would give, and what it does to the SKPD's curve (the appraiser's warning)."""
    if skp.metode == "pp_46_2011":
        return {"preview": {}}
    skpd = Skpd.get_by_id(plans.skpd_id_of(skp))
    preview = {}
    for (hasil, perilaku), predikat in rules.MATRIX.items():
        problems = evals.distribution(skpd, skp.tahun, extra=(skp.id, predikat.value)).problems
        preview[hasil.value, perilaku.value] = (predikat.value, problems)
    return {"preview": preview}


@bp.route("/distribusi", methods=["GET", "POST"])
@login_required
def distribution():
    """The SKPD's annual predikat against its curve; the admin sets the organisation predikat, both finalise."""
    if not current_user.has_role("admin", "admin_skpd"):
        abort(403)
    skpds = [s for s in evals.skpd_choices() if evals.can_manage_skpd(current_user, s)]
    skpd_id = request.values.get("skpd", type=int) or (skpds[0].id if skpds else None)
    skpd = next((s for s in skpds if s.id == skpd_id), None)
    if skpd is None:
        abort(404)
    year = web.year_or(request.values.get("tahun", type=int), clock.today().year - 1)
    form = forms.OrganisationForm()
    if request.method == "POST":
        try:
            if request.form.get("aksi") == "finalisasi":
                evals.finalise(current_user, skpd, year)
                flash("Evaluasi tahunan SKPD difinalisasi.", "success")
            elif form.validate_on_submit():
                evals.set_organisation_predikat(current_user, skpd, year, form.predikat.data)
                flash("Predikat kinerja organisasi disimpan.", "success")
        except plans.SkpRejected as rejected:
            show_refusal(rejected)
        return redirect(url_for(".distribution", skpd=skpd.id, tahun=year))
    result = evals.distribution(skpd, year)
    form.predikat.data = result.organisasi
    return render_template(
        "skp/distribution.html", skpds=skpds, skpd=skpd, year=year, result=result, form=form, rules=rules,
        kurva=plans.settings_for(year).kurva.get(result.organisasi or "", ()), rows=web.page_of(list(result.rows)),
    )  # fmt: skip


@bp.route("/<int:skp_id>/dokumen/<jenis>")
@login_required
def document(skp_id, jenis):
    skp = _skp_or_404(skp_id)
    builders = {"rencana": skp_documents.plan, "evaluasi": skp_documents.periodic, "tahunan": skp_documents.annual}
    if jenis not in builders:
        abort(404)
    if jenis == "evaluasi":
        built = skp_documents.periodic(skp, request.args.get("periode", type=int) or 1)
    else:
        built = builders[jenis](skp)
    if built is None:
        abort(404)
    return pdf_response(built)
