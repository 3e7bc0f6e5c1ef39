"""Planning an import: every check against the database, then the writes as steps run in one transaction."""

import datetime

from ekinerja.services.imports.cells import shown
from ekinerja.services.imports.schema import COLUMNS, KEYS, OWN_SKPD_ONLY, ImportResult, RowError


class Context:
    def __init__(self, jenis, skpd_id, columns=None, filename=None, actor=None):
        self.jenis = jenis
        self.skpd_id = skpd_id
        self.actor = actor  # who imports: the per-row audit entries name them
        self.columns = columns or COLUMNS[jenis]
        self.filename = filename
        self.errors = []

    def error(self, row, column, message):
        self.errors.append(RowError(row.num, column, message))

    def out_of_scope(self, skpd_id):
        return self.skpd_id is not None and skpd_id != self.skpd_id

    def skpd(self, row, skpds):
        """The row's SKPD (by skpd_kode), reporting unknown codes and other SKPDs of an admin_skpd."""
        if not row.has("skpd_kode"):
            return None
        skpd = skpds.get(row["skpd_kode"])
        if skpd is None:
            self.error(row, "skpd_kode", f"SKPD dengan kode {shown(row['skpd_kode'])} tidak ditemukan.")
        elif self.out_of_scope(skpd.id):
            self.error(row, "skpd_kode", OWN_SKPD_ONLY)
            return None
        return skpd


def without_repeated_keys(jenis, rows, ctx):
    """Rows whose key appears for the first time; later repeats are errors and are not planned."""
    key_columns, message = KEYS[jenis]
    if message is None:
        return rows
    first_row = {}
    kept = []
    for row in rows:
        if not all(row.has(column) for column in key_columns):
            kept.append(row)
            continue
        key = tuple(row[column] for column in key_columns)
        if key in first_row:
            ctx.error(row, key_columns[-1], message.format(*[shown(part) for part in key], row=first_row[key]))
            continue
        first_row[key] = row.num
        kept.append(row)
    return kept


class Plan:
    def __init__(self, jenis):
        self.result = ImportResult(jenis=jenis)
        self.steps = []
        self.details = {}

    def add(self, step):
        self.result.ditambah += 1
        self.steps.append(step)

    def change(self, step):
        self.result.diubah += 1
        self.steps.append(step)

    def keep(self):
        self.result.tetap += 1

    def upsert(self, existing, values, create):
        """Create, update or leave one row: values are model attributes, FK ids as <name>_id."""
        if existing is None:
            self.add(create)
        elif assign(existing, values):
            self.change(existing.save)
        else:
            self.keep()


def same(old, new):
    if isinstance(old, str) or isinstance(new, str) or old is None or new is None:
        return ("" if old is None else str(old).strip()) == ("" if new is None else str(new).strip())
    return old == new


def assign(obj, values):
    """Set values on obj when any differs from what is stored; whether it did."""
    if all(same(getattr(obj, name), value) for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(obj, name, value)
    return True


def plan_tree_row(plan, model, existing, objects, kode, parent, parent_field, values):
    """Plan one row of a tree (units under their induk, positions under their atasan), parents written first.

    objects maps every code to its row, filled as the plan's steps create them, so a parent earlier in the same
    file is found when its child is written.
    """

    def write():
        parent_obj = objects[parent] if parent else None
        obj = existing.get(kode)
        if obj is None:
            objects[kode] = model.create(kode=kode, **{parent_field: parent_obj}, **values)
        else:
            assign(obj, values)
            setattr(obj, parent_field, parent_obj)
            obj.save()

    current = existing.get(kode)
    parent_id = existing[parent].id if parent in existing else (None if not parent else -1)
    if current is None:
        plan.add(write)
    elif (
        not all(same(getattr(current, k), v) for k, v in values.items())
        or getattr(current, parent_field + "_id") != parent_id
    ):
        plan.change(write)
    else:
        plan.keep()


def is_complete(row, jenis):
    return not row.bad and all(column in row.values for column in COLUMNS[jenis])


def by_kode(model):
    return {obj.kode: obj for obj in model.select()}


def parents_first(rows, parent_column):
    """Rows ordered so that a row whose parent is another row of the file comes after it."""
    by_kode = {row["kode"]: row for row in rows}
    ordered, done = [], set()
    for row in rows:
        chain = []
        current = row
        while current is not None and current["kode"] not in done:
            done.add(current["kode"])
            chain.append(current)
            current = by_kode.get(current.get(parent_column))
        ordered.extend(reversed(chain))
    return ordered


def parent_checks(ctx, rows, tree, parent_column, not_found, rule):
    """Parent references that exist (stored in tree, or in the file), then rule(row, parent) -> FieldErrors on each."""
    in_file = {row["kode"] for row in rows if row.has("kode")}
    for row in rows:
        parent = row.get(parent_column)
        if not row.has("kode") or not parent:
            continue
        if parent not in tree.parent and parent not in in_file:
            ctx.error(row, parent_column, not_found.format(shown(parent)))
            continue
        for message in rule(row, parent).values():
            ctx.error(row, parent_column, message)


def current_position(history):
    """The open position period (latest start if data holds several), or None."""
    open_periods = [period for period in history if period.selesai is None]
    return max(open_periods, key=lambda period: period.mulai) if open_periods else None


_CHUNK = 500


def chunks(items, size=_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def locked_message(day, what):
    return f"Periode {day:%m-%Y} sudah dikunci; {what} bulan itu tidak dapat ditambah atau diubah."


def months_between(mulai, selesai):
    """The first day of every month from mulai's to selesai's."""
    day = mulai.replace(day=1)
    months = []
    while day <= selesai:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months
