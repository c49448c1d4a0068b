"""Turning the cells of real files into typed values: NIPs, Indonesian dates, decimal commas, codes.

Each parser takes a Series (strings as read, or already-typed values) and returns the parsed Series
plus a boolean mask of cells that could not be parsed (empty cells are NA, not failures).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa

from data_access.importing import arrow_text
from vocab import codes

EMPTY_STRINGS = {"", "-", "NAN", "NONE", "NULL", "NAT", "N/A"}
_LONGEST_EMPTY = max(len(s) for s in EMPTY_STRINGS)

_MONTHS_ID = {
    **{name.upper(): i for i, name in enumerate(codes.MONTH_NAMES, start=1)},
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "AGU": 8, "AGS": 8, "AGT": 8, "SEP": 9, "SEPT": 9,
    "OKT": 10, "NOP": 11, "NOV": 11, "DES": 12, "NOPEMBER": 11, "PEBRUARI": 2, "PEB": 2, "AUGUST": 8, "MAY": 5, "JUNE": 6, "JULY": 7,
    "OCTOBER": 10, "DECEMBER": 12, "JUN": 6, "JUL": 7,
}
_MONTH_WORD = re.compile(r"\b([A-Z]{3,9})\b")


def blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (NA, blank, '-')."""
    if series.dtype.kind in "biufcmM":
        return series.isna()
    if arrow_text.plain(series) and arrow_text.trimmed(series) and (arrow_text.shortest(series) or 0) > _LONGEST_EMPTY:
        return series.isna()  # ASCII, nothing to strip, every cell longer than any empty spelling
    text = series.astype("string").str.strip().str.upper()
    return text.isna() | text.isin(EMPTY_STRINGS)


def _as_text(series: pd.Series) -> pd.Series:
    text = series.astype("string")
    if arrow_text.plain(text) and arrow_text.trimmed(text):  # no non-breaking space, nothing to strip
        return text
    return text.str.replace("\u00a0", " ", regex=False).str.strip()


def parse_text(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    empty = blank(series)
    text = _as_text(series).str.replace(r"\s+", " ", regex=True)
    return text.mask(empty), pd.Series(False, index=series.index)


def parse_nip(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """18 digits after removing spaces, apostrophes and dots; a float-mangled NIP fails."""
    if series.dtype.kind != "f":  # the usual case first: every cell already 18 plain digits
        text = _as_text(series)
        if text.str.fullmatch(r"\d{18}", na=False).all():
            return text, pd.Series(False, index=series.index)
    empty = blank(series)
    if series.dtype.kind == "f":  # a spreadsheet turned it into a number: digits are lost
        return pd.Series(pd.NA, index=series.index, dtype="string"), ~empty
    text = _as_text(series).str.lstrip("'`")
    mangled = text.str.contains(r"[eE][+]", regex=True, na=False)
    digits = text.str.replace(r"[\s.\-]", "", regex=True)
    ok = digits.str.fullmatch(r"\d{18}", na=False) & ~mangled
    return digits.where(ok), ~ok & ~empty


def parse_number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with a decimal comma and thousands dots (`1.234,5`), or plain numbers."""
    empty = blank(series)
    if series.dtype.kind in "biuf":
        return _finite(series.astype("Float64"), empty)
    text = _as_text(series)
    has_comma = text.str.contains(",", regex=False, na=False)
    # With a comma, dots are thousands separators; without one, a lone dot followed by exactly three
    # digits is too (1.234), anything else is a decimal point (12.5).
    thousands_only = ~has_comma & text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+", na=False)
    cleaned = text.where(~(has_comma | thousands_only), text.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False).str.replace(" ", "", regex=False)
    values = pd.to_numeric(cleaned.mask(empty), errors="coerce").astype("Float64")
    return _finite(values, empty)


def _finite(values: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Infinite values ('inf', '1e400') are no number: they fail like any unreadable cell."""
    values = values.where(np.isfinite(values.astype("float64").to_numpy(na_value=np.nan)))
    return values, _flag(values.isna() & ~empty)


def _flag(mask: pd.Series) -> pd.Series:
    return mask.astype(object).fillna(False).astype(bool)


# Whole numbers beyond this lose digits as a float and do not fit the database's integers: they fail.
_LARGEST_INT = 2 ** 53


def parse_int(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    values, bad = parse_number(series)
    fractional = _flag(values.notna() & ((values != values.round()) | (values.abs() > _LARGEST_INT)))
    return values.where(~fractional).astype("Int64"), bad | fractional


# The days Excel can write as a serial number: 1 (1 January 1900) to 2958465 (31 December 9999).
_EXCEL_SERIALS = (1, 2958465)


def _excel_serial(numbers: pd.Series) -> pd.Series:
    """Excel serial day numbers as dates; a number Excel could not have written stays empty (judged
    further on as not a date)."""
    numbers = numbers.astype("float64")
    numbers = numbers.where(numbers.between(*_EXCEL_SERIALS))
    return pd.to_datetime("1899-12-30") + pd.to_timedelta(numbers, unit="D")


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d", "%d %m %Y")
# The way e-Kinerja, SIASN and the templates write them: tried on the whole column first (vectorised);
# what they leave goes through the general reading below, which gives the same value for these.
_COMMON_FORMATS = ("%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M", "%d/%m/%Y")
_TIME_PART = re.compile(r"[ T](\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?(?:\.\d+)?$")


def _month_words_to_numbers(text: pd.Series) -> pd.Series:
    def repl(match: re.Match) -> str:
        month = _MONTHS_ID.get(match.group(1))
        return f"{month:02d}" if month else match.group(1)

    return text.str.upper().str.replace(_MONTH_WORD, repl, regex=True)


def _parse_datetime_text(text: pd.Series, with_time: bool) -> pd.Series:
    text = _month_words_to_numbers(text)
    date_part = text
    time_delta = pd.Series(pd.Timedelta(0), index=text.index)
    if with_time:
        parts = text.str.extract(_TIME_PART)
        has_time = parts[0].notna()
        date_part = text.str.replace(_TIME_PART, "", regex=True).where(has_time, text)
        hours = pd.to_numeric(parts[0], errors="coerce").fillna(0)
        minutes = pd.to_numeric(parts[1], errors="coerce").fillna(0)
        seconds = pd.to_numeric(parts[2], errors="coerce").fillna(0)
        valid_time = (hours < 24) & (minutes < 60) & (seconds < 60)
        time_delta = pd.to_timedelta(hours * 3600 + minutes * 60 + seconds, unit="s").where(valid_time)
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    date_part = date_part.str.strip()
    for fmt in _DATE_FORMATS:
        todo = result.isna() & date_part.notna()
        if not todo.any():
            break
        result = result.fillna(pd.to_datetime(date_part.where(todo), format=fmt, errors="coerce"))
    return result + time_delta


_PADDED = r"\d{2}/\d{2}/\d{4}(?: \d{2}[.:]\d{2})?"  # read by _padded_datetime, byte by byte
_DIGIT_AT = {10: [0, 1, 3, 4, 6, 7, 8, 9], 16: [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15]}


def _padded_datetime(text: pd.Series) -> pd.Series:
    """`dd/mm/yyyy` and `dd/mm/yyyy hh.mm` (zero-padded, the e-Kinerja export: _PADDED) read by position
    from the text's bytes as numbers, vectorised; an impossible date or time (31/02, 24.00) stays
    empty and is judged further on."""
    cells = pa.array(text.astype("string"), type=pa.string())
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    n = len(cells)
    offsets = np.frombuffer(cells.buffers()[1], dtype="int32")[cells.offset:cells.offset + n + 1]
    data = np.frombuffer(cells.buffers()[2], dtype="uint8") if cells.buffers()[2] is not None else None
    present = ~cells.is_null().to_numpy(zero_copy_only=False)
    length = np.diff(offsets)
    chars = np.zeros((n, 16), dtype="uint8")
    padded = np.zeros(n, dtype=bool)
    for width, digit_at in _DIGIT_AT.items():
        rows = np.flatnonzero(present & (length == width))
        if not len(rows) or data is None:
            continue
        if len(rows) * width == length.sum():  # nothing else in the buffer: the rows as they lie
            c = data[offsets[0]:offsets[-1]].reshape(len(rows), width)
        else:
            c = data[offsets[rows][:, None] + np.arange(width)]
        ok = ((c[:, digit_at] >= ord("0")) & (c[:, digit_at] <= ord("9"))).all(axis=1)
        ok &= (c[:, 2] == ord("/")) & (c[:, 5] == ord("/"))
        if width == 16:
            ok &= (c[:, 10] == ord(" ")) & ((c[:, 13] == ord(".")) | (c[:, 13] == ord(":")))
        chars[rows, :width] = c
        padded[rows] = ok
    if not padded.any():
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    def number(start: int, stop: int) -> np.ndarray:
        out = chars[:, start].astype("int64") - ord("0")
        for i in range(start + 1, stop):
            out = out * 10 + (chars[:, i].astype("int64") - ord("0"))
        return out

    timed = length == 16
    day, month, year = number(0, 2), number(3, 5), number(6, 10)
    hour, minute = np.where(timed, number(11, 13), 0), np.where(timed, number(14, 16), 0)
    ok = padded & (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60)
    first = ((year - 1970) * 12 + np.where(ok, month, 1) - 1).astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype("int64")
    ok &= day <= days_in_month
    values = (first.astype("datetime64[us]") + (day - 1).astype("timedelta64[D]")
              + hour.astype("timedelta64[h]") + minute.astype("timedelta64[m]"))
    return pd.Series(np.where(ok, values, np.datetime64("NaT", "us")), index=text.index, dtype="datetime64[us]")


def parse_datetime(series: pd.Series, with_time: bool = True) -> tuple[pd.Series, pd.Series]:
    """Dates or date-times as written in Indonesia (`17/08/2025 14.30`, `17 Agustus 2025`), ISO, or
    Excel serial numbers; already-typed datetimes pass through."""
    empty = blank(series)
    if series.dtype.kind == "M":
        values = series.astype("datetime64[us]")
    elif series.dtype.kind in "iuf":
        values = _excel_serial(series.astype("float64")).astype("datetime64[us]")
    else:
        values = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
        if isinstance(series.dtype, pd.StringDtype) or _text_only(series):
            is_dt = pd.Series(False, index=series.index)  # text only (CSV): nothing to look at per cell
        else:
            objects = series.astype(object)
            is_dt = objects.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year"))
        if is_dt.any():
            values = values.fillna(pd.to_datetime(series.astype(object).where(is_dt), errors="coerce"))
        text = _as_text(series.where(~is_dt))
        values = values.fillna(_padded_datetime(text))
        for fmt in _COMMON_FORMATS:
            todo = values.isna() & text.notna()
            if not todo.any():
                break
            values = values.fillna(pd.to_datetime(text.where(todo), format=fmt, errors="coerce"))
        todo = values.isna() & text.notna()
        serial = (text.str.fullmatch(r"\d{5}(\.\d+)?", na=False) if todo.any()
                  else pd.Series(False, index=text.index))
        if serial.any():
            values = values.fillna(_excel_serial(pd.to_numeric(text.where(serial))))
        rest = values.isna() & ~is_dt & ~serial & ~empty
        if rest.any():
            values = values.fillna(_parse_datetime_text(text.where(rest), with_time))
    values = values.mask(empty)
    if not with_time:
        values = values.dt.normalize()
    return values, values.isna() & ~empty


def parse_date(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A date; a date-time (e.g. a form's timestamp) is accepted and its time dropped."""
    values, bad = parse_datetime(series, with_time=True)
    return values.dt.normalize(), bad


# --- code lists ---------------------------------------------------------------------------------
def _roman_period(text: str) -> str | None:
    return {"I": "TW1", "II": "TW2", "III": "TW3", "IV": "TW4", "1": "TW1", "2": "TW2", "3": "TW3",
            "4": "TW4"}.get(text)


def _period_code(value: str) -> str | None:
    t = codes.norm_text(value).replace(".", "")
    if t in ("TAHUNAN", "TAHUN", "ANNUAL", "SETAHUN"):
        return codes.ANNUAL_PERIOD
    m = re.fullmatch(r"(?:TW|TRIWULAN|TRIWULAN KE|Q)\s*-?\s*([IV1-4]+)", t)
    if m:
        return _roman_period(m.group(1))
    if t in codes.PERIOD_LABELS:
        return t
    month = _MONTHS_ID.get(t)
    if month:
        return f"B{month:02d}"
    m = re.fullmatch(r"(?:BULAN\s*)?(\d{1,2})", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"B{int(m.group(1)):02d}"
    return None


def _rating(value: str) -> str | None:
    t = codes.norm_text(value)
    if "ATAS" in t:
        return codes.RATING_ABOVE
    if "SESUAI" in t:
        return codes.RATING_AS_EXPECTED
    if "BAWAH" in t:
        return codes.RATING_BELOW
    return None


_PREDIKAT_KEYS = {
    "SANGATBAIK": codes.PREDIKAT_SANGAT_BAIK,
    "BAIK": codes.PREDIKAT_BAIK,
    "BUTUHPERBAIKAN": codes.PREDIKAT_BUTUH_PERBAIKAN,
    "KURANGMISCONDUCT": codes.PREDIKAT_KURANG,
    "KURANG": codes.PREDIKAT_KURANG,
    "MISCONDUCT": codes.PREDIKAT_KURANG,
    "SANGATKURANG": codes.PREDIKAT_SANGAT_KURANG,
}


def _predikat(value: str) -> str | None:
    return _PREDIKAT_KEYS.get(re.sub(r"[^A-Z]", "", codes.norm_text(value)))


def _org_predikat(value: str) -> str | None:
    key = re.sub(r"[^A-Z]", "", codes.norm_text(value))
    return {re.sub(r"[^A-Z]", "", p.upper()): p for p in codes.ORG_PREDIKAT}.get(key)


def _sex(value: str) -> str | None:
    t = codes.norm_text(value)
    if t in ("L", "M", "1", "LAKI-LAKI", "LAKI LAKI", "PRIA", "MALE"):
        return codes.SEX_MALE
    if t in ("P", "F", "2", "PEREMPUAN", "WANITA", "FEMALE"):
        return codes.SEX_FEMALE
    return None


def _status(value: str) -> str | None:
    t = codes.norm_text(value)
    if "PPPK" in t or "P3K" in t:
        return codes.STATUS_PPPK_PW if "PARUH" in t else codes.STATUS_PPPK
    if t in ("PNS", "CPNS") or t.startswith("PNS") or t.startswith("CPNS"):
        return codes.STATUS_PNS
    return None


def _training(value: str) -> str | None:
    t = codes.norm_text(value)
    for route in codes.TRAINING_ROUTES:
        if t.replace("-", "").replace(" ", "") == route.upper():
            return route
    for name in codes.LEADERSHIP_TRAININGS:
        if t.replace(" ", "") == name.upper().replace(" ", ""):
            return name
    leadership = {"PKN TINGKAT I": "PKN I", "PKN TINGKAT II": "PKN II", "PKA": "PKA", "PKP": "PKP",
                  "LATSAR CPNS": "Latsar", "PELATIHAN DASAR CPNS": "Latsar"}
    return leadership.get(t)


def _standard_unit(value: str) -> str | None:
    t = codes.norm_text(value)
    if t in ("JAM", "JAM KERJA", "HOUR", "HOURS"):
        return codes.UNIT_HOURS
    if t in ("HARI KERJA", "HK"):
        return codes.UNIT_WORKING_DAYS
    if t in ("HARI KALENDER", "HARI", "HK KALENDER"):
        return codes.UNIT_CALENDAR_DAYS
    return None


def _daily_status(value: str) -> str | None:
    t = codes.norm_text(value).replace(" ", "")
    return {"NOTSTARTED": "Not Started", "DRAFT": "Draft", "SUBMITTED": "Submitted",
            "APPROVED": "Approved", "DIAJUKAN": "Submitted", "DISETUJUI": "Approved"}.get(t)


_QUEUE_CHANNELS = {
    codes.CHANNEL_WALK_IN: ("DATANG LANGSUNG", "LANGSUNG", "WALK IN", "WALKIN", "WALK-IN", "OFFLINE", "LOKET",
                            "DI TEMPAT", "ONSITE", "KIOS", "MESIN ANTRIAN"),
    codes.CHANNEL_ONLINE: ("ONLINE", "DARING", "WEB", "WEBSITE", "APLIKASI", "APP", "MOBILE", "WHATSAPP", "WA",
                           "RESERVASI", "BOOKING", "ANTRIAN ONLINE", "PESAN ONLINE"),
    codes.CHANNEL_OTHER: ("LAINNYA", "LAIN LAIN", "LAIN-LAIN", "OTHER", "OTHERS", "JEMPUT BOLA", "MOBIL KELILING"),
}
_QUEUE_CHANNEL_OF = {spelling.replace("-", " "): code for code, spellings in _QUEUE_CHANNELS.items()
                     for spelling in spellings}


def _queue_channel(value: str) -> str | None:
    return _QUEUE_CHANNEL_OF.get(codes.norm_text(value).replace("-", " ").replace("_", " "))


_MENTORING_SPELLINGS = {"BIMTEK": codes.MENTORING_TECHNICAL, "BIMBINGAN TEKNIS": codes.MENTORING_TECHNICAL,
                        "COACHING": codes.MENTORING_COACHING, "PENDAMPINGAN": codes.MENTORING_COACHING,
                        "PENDAMPINGAN COACHING": codes.MENTORING_COACHING, "KLINIK": codes.MENTORING_CLINIC,
                        "KLINIK EKINERJA": codes.MENTORING_CLINIC, "WORKSHOP": codes.MENTORING_WORKSHOP,
                        "LAIN LAIN": codes.MENTORING_OTHER}


def _mentoring_type(value: str) -> str | None:
    """A type of codes.MENTORING_TYPES, in any case, or a common spelling (bimtek, coaching, klinik)."""
    t = re.sub(r"[^A-Z0-9 ]", " ", codes.norm_text(value).replace("E-KINERJA", "EKINERJA"))
    t = " ".join(t.split())
    for code in codes.MENTORING_TYPES:
        if t == " ".join(re.sub(r"[^A-Z0-9 ]", " ", code.upper().replace("E-KINERJA", "EKINERJA")).split()):
            return code
    return _MENTORING_SPELLINGS.get(t)


ENUMS = {
    "period": _period_code,
    "rating": _rating,
    "predikat": _predikat,
    "org_predikat": _org_predikat,
    "sex": _sex,
    "status": _status,
    "training": _training,
    "standard_unit": _standard_unit,
    "daily_status": _daily_status,
    "queue_channel": _queue_channel,
    "mentoring_type": _mentoring_type,
}


def parse_enum(series: pd.Series, name: str) -> tuple[pd.Series, pd.Series]:
    """Map spellings to the canonical code; each distinct spelling is looked at once."""
    empty = blank(series)
    text = _as_text(series).mask(empty)
    lookup = {v: ENUMS[name](v) for v in text.dropna().unique()}
    values = text.map(lookup).astype("string")
    return values, values.isna() & ~empty


def _text_only(series: pd.Series) -> bool:
    """Cells that are all text or missing (a CSV's), judged in C without a Python call per cell."""
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def parse_column(series: pd.Series, type_: str) -> tuple[pd.Series, pd.Series]:
    if _text_only(series):  # converted once here, not again by every step below
        series = series.astype("string")
    if type_.startswith("enum:"):
        return parse_enum(series, type_.split(":", 1)[1])
    return {
        "nip": parse_nip,
        "text": parse_text,
        "int": parse_int,
        "number": parse_number,
        "date": parse_date,
        "datetime": parse_datetime,
    }[type_](series)
