"""The dashboard's own templates: per kind its headers, an example row and a data dictionary, all drawn
from the kind declarations in kinds.py (template_xlsx writes them as an XLSX)."""
from __future__ import annotations

import pandas as pd

from data_access.workbook import Column, Table, to_excel
from vocab.kinds import KINDS


def data_dictionary(kind_name: str) -> pd.DataFrame:
    """One row per column: Kolom, Wajib, Jenis isian, Keterangan, Contoh, Nama lain yang diterima; the
    columns the kind refuses last ("dilarang")."""
    kind = KINDS[kind_name]
    types = {"nip": "NIP 18 digit", "text": "teks", "int": "bilangan bulat", "number": "angka",
             "date": "tanggal", "datetime": "tanggal dan jam (WIB)"}
    return pd.DataFrame([{
        "Kolom": c.header,
        "Wajib": "ya" if c.required is True else ("kolom wajib ada" if c.required else "tidak"),
        "Jenis isian": types.get(c.type, "pilihan"),
        "Keterangan": c.help,
        "Contoh": c.example,
        "Nama lain yang diterima": ", ".join(c.aliases),
    } for c in kind.columns] + [{
        # A column the kind refuses (survei_adkar: NIP, name): the file is refused, and the dictionary says so.
        "Kolom": c.header, "Wajib": "dilarang", "Jenis isian": "-",
        "Keterangan": f"Berkas yang memuat kolom ini ditolak: {kind.refused_reason}", "Contoh": "",
        "Nama lain yang diterima": ", ".join(c.aliases),
    } for c in kind.refused])


def template_example(kind_name: str) -> pd.DataFrame:
    """The template's data sheet: one row, the example value of each column under its header (the file
    itself is written by template_xlsx, through the product's one writer)."""
    return pd.DataFrame([{c.header: c.example for c in KINDS[kind_name].columns}])


def template_xlsx(kind_name: str) -> bytes:
    """A kind's import template: a 'Data' sheet (headers and one example row, every column formatted
    as text so a NIP typed below stays text) and a 'Kamus Data' sheet (below)."""
    example = template_example(kind_name)
    dictionary = data_dictionary(kind_name)
    return to_excel([Table("Data", example, {c: Column(c) for c in example.columns}),
                     Table("Kamus Data", dictionary, {c: Column(c) for c in dictionary.columns})])
