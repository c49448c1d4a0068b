"""Who sees staff names and NIPs: one rule, applied in the data layer (reads.staff_list).

| role        | names                                   | NIP                |
|-------------|-----------------------------------------|--------------------|
| kepala_opd  | yes (their own staff: their scope)      | full               |
| pimpinan    | only when `leaders_see_names` is on;    | masked             |
|             | otherwise no list at all (aggregates)   |                    |
| analis      | yes (to check and correct imported data)| masked             |
| admin       | yes, like analis: an administrator can  | masked             |
|             | grant itself any scope, so hiding names |                    |
|             | protects nothing; masking keeps NIPs    |                    |
|             | off screens, screenshots and exports    |                    |

A NIP is masked as `198503********1003`: the first six digits (birth year and month) and the last
four (sex and sequence) stay, the birth day and the TMT CPNS/appointment (eight digits) are hidden, so
a masked NIP still tells two people apart in a list without giving away a birth date.
"""
from __future__ import annotations

from dataclasses import dataclass

from data_access.users import ROLES

MASK = "*" * 8


@dataclass(frozen=True)
class NamePolicy:
    """What a list of staff may show to one viewer."""

    list_allowed: bool  # False: aggregates only, no named rows leave the database
    names: bool
    full_nip: bool

    @property
    def note(self) -> str:
        """One Indonesian sentence for the page, saying what is hidden and why."""
        if not self.list_allowed:
            return ("Daftar pegawai bernama tidak ditampilkan untuk peran Anda; yang tampil hanya angka agregat. "
                    "Administrator dapat mengubahnya lewat pengaturan 'Pimpinan melihat nama pegawai'.")
        if not self.full_nip:
            return "NIP disamarkan (hanya 6 digit awal dan 4 digit akhir yang tampil)."
        return ""


def name_policy(role: str, leaders_see_names: bool = False) -> NamePolicy:
    """The rule of the table above, for a role and the `leaders_see_names` setting. An unknown role
    sees nothing (default deny)."""
    if role == "kepala_opd":
        return NamePolicy(list_allowed=True, names=True, full_nip=True)
    if role == "pimpinan":
        allowed = bool(leaders_see_names)
        return NamePolicy(list_allowed=allowed, names=allowed, full_nip=False)
    if role in ("analis", "admin"):
        return NamePolicy(list_allowed=True, names=True, full_nip=False)
    assert role not in ROLES, f"role {role} has no name policy"
    return NamePolicy(list_allowed=False, names=False, full_nip=False)


def mask_nip(nip: str | None) -> str | None:
    """'19850312 201001 1 003' (or its 18 digits) -> '198503********1003'. Anything that is not an
    18-digit NIP/NI PPPK is hidden entirely (never shown half-masked)."""
    if nip is None:
        return None
    digits = "".join(c for c in str(nip) if c.isdigit())
    if len(digits) != 18:
        return "*" * 18
    return digits[:6] + MASK + digits[-4:]
