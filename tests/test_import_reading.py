"""Files that cannot be read as a table are refused with an Indonesian sentence (never the reader's
English), UTF-16 text is read when it carries its byte-order mark and refused by name without one,
and rows shorter than the header are padded whatever the file."""
import pytest

from data_access.importing.problems import ReadError
from data_access.importing.reading import read_table

HEAD = "NIP;NAMA;UNIT KERJA;OPD\n"
ENGLISH = ("Cannot detect", "field larger", "field limit", "Too many columns", "Error tokenizing", "EOF inside",
           "expected", "found")

# case -> (file bytes, the start of the sentence after "<file>: ")
REFUSED = {
    "sel_tanpa_kutip_penutup": ((HEAD + '1;"' + "a" * 140_000 + '";u;o\n').encode(), "ada sel yang tidak berakhir"),
    "kutip_terbuka_sampai_akhir": ((HEAD + '1;"abc;u;o\n' + "2;b;u;o\n" * 3).encode(), "ada sel yang tidak berakhir"),
    "xlsx_rusak": (b"PK\x03\x04bukan zip", "bukan berkas Excel (.xlsx) yang dapat dibaca: isinya rusak"),
    "utf16_tanpa_bom": ((HEAD + "1;a;u;o\n").encode("utf-16-le"), "berkas berisi karakter NUL: tampaknya teks UTF-16"),
    "utf32": ((HEAD + "1;a;u;o\n").encode("utf-32"), "pengodean teks UTF-32 tidak didukung"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_an_unreadable_file_is_refused_in_indonesian(case):
    data, sentence = REFUSED[case]
    with pytest.raises(ReadError) as caught:
        read_table(data, f"{case}.csv")
    message = str(caught.value)
    assert message.startswith(f"{case}.csv: {sentence}"), message
    assert not [w for w in ENGLISH if w in message], message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom"])
def test_utf16_with_its_byte_order_mark_is_read(encoding):
    text = HEAD + "198609262015051001;Siti Rahmawati;Sekretariat;Dinas Kesehatan\n"
    data = ("\ufeff" + text).encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode("utf-16")
    raw = read_table(data, "pegawai.csv")
    assert list(raw.frame.columns) == ["NIP", "NAMA", "UNIT KERJA", "OPD"]
    assert raw.frame.iloc[0].tolist() == ["198609262015051001", "Siti Rahmawati", "Sekretariat", "Dinas Kesehatan"]


def test_rows_all_shorter_than_the_header_are_padded():
    """Every row short (trailing empty cells dropped by the exporter) used to be 'Too many columns
    specified'; now the missing cells are empty and each row keeps its line."""
    raw = read_table((HEAD + "198609262015051001;Siti\n\n198609262015051002\n").encode(), "pendek.csv")
    assert raw.frame.astype(object).where(raw.frame.notna(), None).values.tolist() == [
        ["198609262015051001", "Siti", None, None], ["198609262015051002", None, None, None]]
    assert raw.lines.tolist() == [2, 4]
