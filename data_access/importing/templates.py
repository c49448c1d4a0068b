"""The dashboard's own templates: one XLSX per kind with its headers, an example row and a data
dictionary, all drawn from the kind declarations in kinds.py."""
from __future__ import annotations

from io import BytesIO

import pandas as pd

from data_access.importing.kinds import KINDS


def data_dictionary(kind_name: str) -> pd.DataFrame:
    """One row per column: Kolom, Wajib, Jenis isian, Keterangan, Contoh, Nama lain yang diterima."""
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
    } for c in kind.columns])


def template_xlsx(kind_name: str) -> bytes:
    """An XLSX with a 'Data' sheet (headers and one example row) and a 'Kamus Data' sheet."""
    kind = KINDS[kind_name]
    example = pd.DataFrame([{c.header: c.example for c in kind.columns}])
    buf = BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        example.to_excel(writer, sheet_name="Data", index=False)
        data_dictionary(kind_name).to_excel(writer, sheet_name="Kamus Data", index=False)
        text = writer.book.add_format({"num_format": "@"})
        sheet = writer.sheets["Data"]
        for i, c in enumerate(kind.columns):
            # NIPs and codes stay text, so a spreadsheet cannot turn them into 1,98609E+17.
            sheet.set_column(i, i, max(14, len(c.header) + 2), text if c.type in ("nip", "text") else None)
        writer.sheets["Kamus Data"].set_column(0, 5, 28)
    return buf.getvalue()
