"""The declared value rules of kinds.py (required cells, allowed answers, lower bounds): each failure mode
in a tiny file, mapped to its exact problems, all at once and in the order the kind declares its columns."""
import pytest

from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.problems import ERROR, ImportRejected

SKM_HEAD = "TANGGAL;OPD;KABUPATEN/KOTA;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
CASES = {
    "skm_jawaban_di_luar_skala": ("skm", SKM_HEAD + "10/02/2026;Dinkes;Provinsi Lampung;4;4;5;4;4;4;4;4;0\n", [
        (2, "U3", "5", "harus 1, 2, 3 atau 4."),
        (2, "U9", "0", "harus 1, 2, 3 atau 4."),
    ]),
    "skm_jawaban_kosong": ("skm", SKM_HEAD + "10/02/2026;Dinkes;Provinsi Lampung;;4;-;4;4;4;4;4;7\n", [
        (2, "U1", None, "wajib diisi."),
        (2, "U3", "-", "wajib diisi."),
        (2, "U9", "7", "harus 1, 2, 3 atau 4."),
    ]),
    "standar_batas_nol": ("standar_layanan", "JENIS LAYANAN;BATAS WAKTU;SATUAN\nAkta Kelahiran;0;hari kerja\n"
                          "KTP-el;-2,5;jam\n;3;jam\n", [
        (4, "JENIS LAYANAN", None, "wajib diisi."),
        (2, "BATAS WAKTU", "0", "harus lebih besar dari 0."),
        (3, "BATAS WAKTU", "-2,5", "harus lebih besar dari 0."),
    ]),
    "pelatihan_durasi_nol": ("pelatihan", "NIP;NAMA PELATIHAN;JENIS;TANGGAL MULAI;JP;DURASI MENIT\n"
                             "198609262015051001;Analisis Data;klasikal;03/03/2026;0;\n"
                             "198609262015051001;Latsar;Latsar;04/03/2026;;-90\n", [
        (2, "JP", "0", "harus lebih besar dari 0."),
        (3, "DURASI MENIT", "-90", "harus lebih besar dari 0."),
    ]),
    "penilaian_nip_kosong": ("penilaian", "NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA\n"
                             ";2026;TW I;Sesuai Ekspektasi;Sesuai Ekspektasi\n", [
        (2, "NIP", None, "wajib diisi."),
    ]),
}


@pytest.mark.parametrize("case", CASES)
def test_each_declared_rule_names_its_cells(case, sqlite_url):
    kind, csv, expected = CASES[case]
    with pytest.raises(ImportRejected) as caught:
        import_file(get_engine(sqlite_url), f"{case}.csv", kind, data=csv.encode())
    problems = caught.value.problems
    assert all(p.severity == ERROR and p.file == f"{case}.csv" for p in problems)
    assert [(p.line, p.column, p.value, p.message) for p in problems] == expected
