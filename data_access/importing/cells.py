"""Stage 1 of an import: the file's headers matched to the kind's columns (once per file), then each
chunk's cells parsed and held to the declared rules (kinds.py, run as pandera schemas), and text no
database may keep refused. TAHUN and PERIODE may come from the title block or the analyst."""
from __future__ import annotations

import re

import pandas as pd

from vocab.clock import now_wib
from data_access.importing import arrow_text, parse, ranges, schemas
from data_access.importing.job_state import JobState, as_mask
from data_access.importing.problems import ERROR, WARNING
from data_access.settings import load_settings
from vocab import codes
from vocab.kinds import header_key, header_map


def match_headers(job: JobState) -> None:
    """Match the file's headers to the kind's columns (once per file) and report missing ones."""
    kind, frame = job.kind, job.raw.frame
    mapping = header_map(kind)
    by_key: dict[str, str] = {}
    for header in frame.columns:
        by_key.setdefault(header_key(header), header)
    for col in kind.columns:
        for name in (col.header, *col.aliases):
            if header_key(name) in by_key:
                job.header_of[col.field] = by_key[header_key(name)]
                break
    _refuse_columns(job, by_key)
    _period_from_context(job)
    for header in job.raw.duplicate_headers:
        if header_key(header) in mapping:
            job.add_file(f"judul kolom '{header}' muncul lebih dari sekali; hapus salah satunya.", header)
    for col in kind.columns:
        if col.required and col.field not in job.header_of:
            job.add_file(f"kolom wajib '{col.header}' tidak ada di berkas "
                         f"(nama lain yang diterima: {', '.join(col.aliases) or '-'}).", col.header)
    for group in kind.one_of:
        if not any(f in job.header_of for f in group):
            names = " atau ".join(kind.col(f).header for f in group)
            job.add_file(f"salah satu kolom {names} harus ada.")


def refused_headers(kind, headers) -> list[str]:
    """The file's headers that name a column the kind refuses (kinds.Kind.refused, any alias)."""
    names = {header_key(name) for col in kind.refused for name in (col.header, *col.aliases)}
    return [h for h in headers if header_key(h) in names]


def _refuse_columns(job: JobState, by_key: dict[str, str]) -> None:
    """A column the kind must not have (survei_adkar: NIP or name) refuses the whole file, saying why."""
    for header in refused_headers(job.kind, by_key.values()):
        job.add_file(f"kolom '{header}' tidak diterima: {job.kind.refused_reason}", header)


def prepare(job: JobState) -> None:
    """Parse the chunk's cells and run the declared rules (the kind's own checks follow: checks.py)."""
    kind, frame = job.kind, job.raw.frame
    for header, value in job.context_values.items():  # TAHUN/PERIODE from the title or the analyst
        frame[header] = value
    job.raw_values = pd.DataFrame({f: frame[h] for f, h in job.header_of.items()}, index=frame.index)
    df = pd.DataFrame({"_line": job.raw.lines.to_numpy()}, index=frame.index)
    job.df = df
    parsed, failures = {}, {}
    for f, h in job.header_of.items():
        parsed[f], failures[f] = parse.parse_column(frame[h], kind.col(f).type)
    # Every cell is parsed before any problem is written, so each problem can name its row's key.
    job.df = pd.concat([df, pd.DataFrame(parsed, index=frame.index)], axis=1)
    job.refused = {}
    _text_checks(job, frame)
    for f, bad in failures.items():
        if bad.any():
            col = kind.col(f)
            job.add(ERROR, bad, f, _enum_message(col) if col.type.startswith("enum:")
                    else _TYPE_MESSAGES.get(col.type, "tidak dikenali"))
            job.refuse(f, bad)
    # The declared rules (kinds.py) run as pandera schemas: required cells on the cells as read,
    # allowed values and plausible ranges on the parsed values.
    present = set(job.header_of)
    for f, message, rows in schemas.failures(schemas.required_schema(kind, present), job.raw_values):
        job.add(ERROR, rows, f, message)
    if job.bounds is None:  # the settings' ends, read once per import
        job.bounds = ranges.bounds(kind, load_settings(job.conn), now_wib().date())
    for f, message, rows in schemas.failures(schemas.value_schema(kind, present, job.bounds), job.df):
        job.add(ERROR, rows, f, message)
        job.refuse(f, rows)


def _text_checks(job: JobState, frame: pd.DataFrame) -> None:
    """Text no database may keep, in any column: a NUL character (PostgreSQL refuses it, SQLite would
    keep it) is an error; text that reads like UTF-8 decoded as Windows-1252 ('ZoÃ« Ã‘uÃ±ez', a file
    converted twice) is a warning that shows the text as it was meant."""
    by_header = {h: f for f, h in job.header_of.items()}
    for header in frame.columns:
        if frame[header].dtype != object and not isinstance(frame[header].dtype, pd.StringDtype):
            continue
        text = frame[header].astype("string")
        if arrow_text.plain(text):  # ASCII without NUL: neither check can find anything (one pass)
            continue
        field_name = by_header.get(header, header)
        nul = as_mask(text.str.contains("\x00", regex=False))
        if nul.any():
            job.add(ERROR, nul, field_name, "teks berisi karakter NUL (kode 0), yang tidak dapat disimpan; "
                    "hapus karakter itu dari sel (biasanya sisa salinan dari sistem lain).",
                    values=text.str.replace("\x00", "\\x00", regex=False))
            job.refuse(field_name, nul)
        suspect = as_mask(text.str.contains(_MOJIBAKE, regex=True))
        if suspect.any():
            meant = text[suspect].map(_unmangled)
            found = meant.notna()
            if found.any():
                rows = pd.Series(False, index=frame.index)
                rows[found[found].index] = True
                job.add(WARNING, rows, field_name, "teks tampak rusak pengodeannya (UTF-8 yang terbaca sebagai "
                        "Windows-1252); mungkin maksudnya '" + meant.reindex(frame.index).fillna("") + "'. "
                        "Simpan ulang berkas sumber sebagai CSV UTF-8, atau perbaiki sel ini.", values=text)


def _period_from_context(job: JobState) -> None:
    """TAHUN and PERIODE, when the file has no such columns, come from the title block above the
    header (BKN e-Kinerja exports), else from what the analyst said (--year/--period)."""
    fields = {c.field for c in job.kind.columns}
    if not {"year", "period"} <= fields:
        return
    # The export's own time ("Waktu unduh: 28-11-2026 …") is not the period of its data.
    title = " ".join(t for t in job.raw.title if not _EXPORT_TIME.search(t))
    found = {"year": job.context.get("year") or _year_in(title),
             "period": job.context.get("period") or _period_in(title)}
    for field_name, value in found.items():
        if field_name in job.header_of or value is None:
            continue
        header = job.kind.col(field_name).header
        job.context_values[header] = str(value)  # parsed like any cell, so a bad value is still named
        job.header_of[field_name] = header


_TYPE_MESSAGES = {
    "nip": "bukan NIP/NI PPPK 18 digit (NIP yang diubah spreadsheet menjadi angka seperti 1,98609E+17 "
           "sudah kehilangan digit; ekspor ulang kolom NIP sebagai teks).",
    "int": "bukan bilangan bulat.",
    "number": "bukan angka (gunakan koma desimal, misalnya 12,5).",
    "date": "bukan tanggal yang dikenali (contoh: 17/08/2025 atau 17 Agustus 2025).",
    "datetime": "bukan tanggal/waktu yang dikenali (contoh: 17/08/2025 14.30).",
}


# A letter of Latin-1 (Â-ß) followed by what a UTF-8 continuation byte is in Windows-1252: how an
# accented letter written in UTF-8 reads when decoded as Windows-1252 ('ë' -> 'Ã«').
_MOJIBAKE = "[\u00c2-\u00df][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"


def _unmangled(text: str) -> str | None:
    """The text as it was meant, when it is UTF-8 read as Windows-1252 (else None)."""
    try:
        meant = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return meant if meant != text else None


def _enum_message(col) -> str:
    return f"tidak dikenali untuk {col.header}. Isian yang diterima: {col.help}"


_EXPORT_TIME = re.compile(r"unduh|cetak|diekspor|waktu|tanggal|jam", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"\b(20\d{2})\b")
_TITLE_PERIOD = re.compile(r"\b(TRIWULAN\s+(?:IV|III|II|I|[1-4])|TW\s*(?:IV|III|II|I|[1-4])|TAHUNAN|"
                           + "|".join(codes.MONTH_NAMES) + r")\b", re.IGNORECASE)


def _year_in(title: str) -> int | None:
    match = _TITLE_YEAR.search(title)
    return int(match.group(1)) if match else None


def _period_in(title: str) -> str | None:
    match = _TITLE_PERIOD.search(title)
    return parse.ENUMS["period"](match.group(1)) if match else None
