"""The audit trail: every state change and master-data edit, who, when, from, to, why."""

import json

from peewee import CharField, DateTimeField, TextField

from ekinerja import clock
from ekinerja.db import BaseModel


class AuditLog(BaseModel):
    waktu = DateTimeField(default=clock.now, index=True)
    pengguna = CharField(max_length=100)
    aksi = CharField(max_length=50)
    objek = CharField(max_length=50)
    objek_id = CharField(max_length=50, index=True)
    dari = CharField(max_length=50, null=True)
    ke = CharField(max_length=50, null=True)
    alasan = TextField(null=True)
    rincian = TextField(null=True)

    @property
    def rincian_data(self):
        return json.loads(self.rincian) if self.rincian else {}
