"""Tables of totals per employee and day (menit_harian, presensi_harian), kept by every write of their source."""

from peewee import fn

from ekinerja.db import BaseModel, all_or_nothing, database, hold_rows

# Employees whose day totals one statement recomputes: SQLite takes at most 32,766 values in a statement.
REFRESH_CHUNK = 10_000


class DayTotals(BaseModel):
    """Base of a table of totals per employee and day, kept from the rows of a source table (FeedsDayTotals).

    A subclass has the fields pegawai and tanggal, and grouped(): the query that computes its rows from the
    source, the one definition of what a day's totals are. Every write of the source refreshes the days it
    touched, inside the writer's transaction: the rows of those days are replaced by what grouped() returns for
    them, while the employees' rows are held (hold_rows), so that two writers of one employee's day take turns and
    the second sees what the first committed.
    """

    @classmethod
    def grouped(cls, pegawai_ids, first, last):
        """Query: the table's rows (its fields in order, id excluded) for these employees (None: everyone) and days."""
        raise NotImplementedError

    @classmethod
    def _columns(cls):
        """The fields grouped() returns, in its order (the table's, id excluded)."""
        return [field for field in cls._meta.sorted_fields if field is not cls._meta.primary_key]

    @classmethod
    def refresh(cls, pegawai_ids, first, last):
        """Recompute the rows of these employees (None: everyone) from first to last (dates) from the source."""
        if pegawai_ids is None:
            chunks = [None]
        else:
            ids = sorted(pegawai_ids)
            chunks = [ids[start : start + REFRESH_CHUNK] for start in range(0, len(ids), REFRESH_CHUNK)]
        with all_or_nothing():
            for chunk in chunks:
                hold_rows(cls.pegawai.rel_model, chunk)
                stale = cls.delete().where(cls.tanggal.between(first, last))
                if chunk is not None:
                    stale = stale.where(cls.pegawai.in_(chunk))
                stale.execute()
                cls.insert_from(cls.grouped(chunk, first, last), cls._columns()).execute()

    @classmethod
    def source_dates(cls):
        """(first, last): the dates of the source's rows, (None, None) when it has none."""
        raise NotImplementedError

    @classmethod
    def _span(cls, first, last):
        """first and last, where not given the first and last date of the source's rows and of the stored ones."""
        if first is None or last is None:
            stored = cls.select(fn.MIN(cls.tanggal), fn.MAX(cls.tanggal)).tuples().get()
            known = [date for date in (*cls.source_dates(), *stored) if date is not None]
            first, last = first or min(known, default=None), last or max(known, default=None)
        return first, last

    @classmethod
    def rebuild(cls, first=None, last=None):
        """Recompute every employee's rows from first to last (by default every source or stored day); returns the
        span."""
        first, last = cls._span(first, last)
        if first is not None and last is not None:
            cls.refresh(None, first, last)
        return first, last

    @classmethod
    def differences(cls, first=None, last=None):
        """[(stored row, fresh row)] of the days from first to last (by default every stored or source day) whose
        stored row differs from a fresh grouping of the source (None on the side that has no row): empty while every
        write has kept the table."""
        first, last = cls._span(first, last)
        if first is None or last is None:
            return []
        fields = cls._columns()

        def as_stored(row):  # the drivers return a grouping's expressions untyped (SQLite: text)
            return tuple(field.python_value(value) for field, value in zip(fields, row, strict=True))

        kept = cls.select(*fields).where(cls.tanggal.between(first, last)).tuples()
        stored = {row[:2]: row for row in map(as_stored, kept)}
        fresh = {row[:2]: row for row in map(as_stored, database.execute(cls.grouped(None, first, last)).fetchall())}
        return [
            (stored.get(day), fresh.get(day))
            for day in sorted(stored.keys() | fresh.keys())
            if stored.get(day) != fresh.get(day)
        ]

    @classmethod
    def refresh_days(cls, days):
        """Recompute the rows of these (pegawai id, date) days; None items are skipped."""
        days = [day for day in days if day is not None]
        if days:
            dates = [date for _, date in days]
            cls.refresh({pegawai_id for pegawai_id, _ in days}, min(dates), max(dates))


class FeedsDayTotals:
    """Mixin of a model whose rows a DayTotals table sums per employee and day: saving or deleting a row refreshes
    its day there (and, for a row moved to another day, the day it left), in the same transaction.

    Bulk writes (insert_many, update and delete queries) bypass it: their caller refreshes the days they touched
    with DayTotals.refresh_days.
    """

    @classmethod
    def day_totals(cls):
        """The DayTotals model fed by this one."""
        raise NotImplementedError

    def day(self):
        """The date this row counts on."""
        raise NotImplementedError

    def _stored_day(self):
        stored = type(self).get_or_none(type(self)._meta.primary_key == self._pk) if self._pk else None
        return (stored.pegawai_id, stored.day()) if stored else None

    # The names of the fields that place a row on its day (each model names its own): a save of other fields
    # alone (only=...) cannot move the row, and need not read where it stood.
    DAY_FIELDS: tuple[str, ...] = ()

    def counted(self):
        """Whether the day totals count this row (a new row they do not count leaves them as they were)."""
        return True

    def _may_move(self, only):
        """Whether a save of these fields (None: all) may move the row to another day: one of DAY_FIELDS among them
        (by name or column), or changed in memory since the row was read (a save of other fields leaves it where
        it is stored, which only a read tells)."""
        if only is None or not self.DAY_FIELDS:
            return True
        fields = {self._meta.combined.get(item, item) if isinstance(item, str) else item for item in only}
        changed = {field.name for field in self.dirty_fields}
        return any(getattr(field, "name", None) in self.DAY_FIELDS for field in fields) or bool(
            changed & set(self.DAY_FIELDS)
        )

    def save(self, *args, **kwargs):
        may_move = self._may_move(kwargs.get("only"))
        new = self._pk is None
        with all_or_nothing():
            before = self._stored_day() if may_move and not new else None
            saved = super().save(*args, **kwargs)
            if not new or self.counted():
                self.day_totals().refresh_days([before, (self.pegawai_id, self.day())])
        return saved

    def delete_instance(self, *args, **kwargs):
        with all_or_nothing():
            deleted = super().delete_instance(*args, **kwargs)
            self.day_totals().refresh_days([(self.pegawai_id, self.day())])
        return deleted
