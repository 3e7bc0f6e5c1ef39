"""Pure business rules of e-Kinerja: no Flask, no database, Decimal for money."""
