"""Planting problems in candidate rows: duplicated candidate ids and one invalid value per
chosen row (an unparsable number, an out-of-range value, an impossible date, an unknown
formation, a missing required value, an unknown code)."""

from __future__ import annotations

from decimal import Decimal

from asn_competency.model import DateField, DecimalField, EnumField, IntegerField
from asn_competency.testing.synth._formations import _Formations
from asn_competency.testing.synth.data import INVALID_KINDS
from asn_competency.testing.synth.rates import DUPLICATES_PER_ROW, INVALID_SHARE


class _Planting(_Formations):
    """Plants duplicated ids and invalid values (an unknown formation id is spelled like the
    formations' ids)."""

    def duplicates(self, rows: list[dict[str, str]]) -> None:
        """About one row in 1,000 takes the candidate id of an earlier row."""
        rng = self.rng
        if len(rows) < 2:
            return
        wanted = max(1, round(len(rows) * DUPLICATES_PER_ROW))
        later = sorted(rng.sample(range(1, len(rows)), min(wanted, len(rows) - 1)))
        taken = set(later)
        for index in later:
            earlier = rng.randrange(index)
            while earlier in taken:
                earlier = rng.randrange(index)
            cid = rows[earlier]["candidate_id"]
            rows[index]["candidate_id"] = cid
            self.plant("duplicate_ids", index, cid, "candidate_id", cid)

    def invalid(self, rows: list[dict[str, str]], formation_count: int) -> None:
        """About 1% of rows get one problem each, every applicable kind at least once."""
        rng = self.rng
        kinds = [k for k in INVALID_KINDS if self.can_plant(k)]
        if not kinds or len(rows) < 10:
            return
        taken = {p.row for p in self.planted if p.kind == "duplicate_ids"}
        free = [i for i in range(len(rows)) if i not in taken]
        wanted = min(len(free) // 10, max(len(kinds), round(len(rows) * INVALID_SHARE)))
        chosen = sorted(rng.sample(free, wanted))
        order = kinds + [rng.choice(kinds) for _ in range(wanted - len(kinds))]
        rng.shuffle(order)
        for index in chosen:
            row = rows[index]
            for kind in [order.pop(), *kinds]:
                planted = self.plant_invalid(kind, row, formation_count)
                if planted is not None:
                    name, value = planted
                    self.plant(f"invalid.{kind}", index, row["candidate_id"], name, value)
                    break

    def can_plant(self, kind: str) -> bool:
        """Whether the policy declares a candidate field this kind of problem can be planted
        in (not a protected attribute: a problem there is only a warning)."""
        decls = self.policy.candidate_fields.values()
        if kind in {"unparsable_number", "out_of_range"}:
            return any(isinstance(d, IntegerField | DecimalField) for d in decls)
        if kind == "bad_date":
            return any(isinstance(d, DateField) for d in decls)
        if kind == "missing_required":
            return any(
                d.required for n, d in self.policy.candidate_fields.items() if n != "candidate_id"
            )
        if kind == "unknown_code":
            return any(isinstance(d, EnumField) for d in decls)
        return True

    def plant_invalid(
        self, kind: str, row: dict[str, str], formation_count: int
    ) -> tuple[str, str] | None:
        """Write one problem of ``kind`` into the row: (field, value written), or ``None``
        when the row has no field it fits."""
        rng = self.rng
        fields = self.policy.candidate_fields
        filled = [n for n in self.columns[2:] if n in fields and row.get(n)]
        numeric = {n: d for n, d in fields.items() if isinstance(d, IntegerField | DecimalField)}
        planted: tuple[str, str] | None = None
        if kind == "unknown_formation":
            number = formation_count + 1 + rng.randrange(1000)
            planted = "formation_id", self.formation_id(number, len(row["formation_id"]) - 1)
        elif kind == "missing_required":
            names = [n for n, d in fields.items() if d.required and row.get(n)]
            names = [n for n in names if n != "candidate_id"]
            planted = (rng.choice(names), "") if names else None
        elif kind == "unparsable_number":
            names = [n for n in filled if n in numeric]
            name = rng.choice(names) if names else None
            planted = (name, _mangle(row[name])) if name else None
        elif kind == "out_of_range":
            bounded = [
                (n, d) for n, d in numeric.items() if d.minimum is not None or d.maximum is not None
            ]
            if bounded:
                name, decl = rng.choice(bounded)
                if decl.maximum is not None:
                    beyond = Decimal(decl.maximum) + rng.choice((1, 5, 10, 100))
                else:
                    beyond = Decimal(decl.minimum or 0) - rng.choice((1, 5, 10))
                planted = name, format(beyond, "f")
        elif kind == "bad_date":
            dates = [n for n, d in fields.items() if isinstance(d, DateField)]
            dates = [n for n in dates if n not in {"candidate_id", "formation_id"}]
            if dates:
                name = rng.choice(dates)
                year = row[name][:4] if row[name] else str(self.as_of.year - 25)
                planted = name, rng.choice((f"{year}-02-30", f"{year}-04-31", f"{year}-13-01"))
        else:
            planted = self.unknown_code(row, filled)
        if planted is not None:
            row[planted[0]] = planted[1]
        return planted

    def unknown_code(self, row: dict[str, str], filled: list[str]) -> tuple[str, str] | None:
        """An enum value mistyped into a code the declaration does not list (``S-1``)."""
        fields = self.policy.candidate_fields
        codes = {n: d.values for n, d in fields.items() if isinstance(d, EnumField)}
        names = [n for n in filled if n in codes]
        if not names:
            return None
        name = self.rng.choice(names)
        value = row[name]
        for guess in (f"{value[:1]}-{value[1:]}", value.lower(), f"{value}?"):
            if guess not in codes[name]:
                return name, guess
        return None


def _mangle(value: str) -> str:
    """A number a person might mistype: a letter o for a zero, l for a one."""
    if "0" in value:
        return value.replace("0", "o", 1)
    if "1" in value:
        return value.replace("1", "l", 1)
    return f"{value[:1]}o{value[1:]}"
