"""The verbs of e-Kinerja: one transaction each, an explicit actor, an audit entry each."""
