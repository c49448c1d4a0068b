"""The extract kinds, declared once as data: columns, aliases, types, keys and help text.

Headers are matched by name (case-, space- and punctuation-insensitive) against the template header
and its aliases (the SIASN and BKN e-Kinerja export names), never by position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from vocab import codes


@dataclass(frozen=True)
class Range:
    """The plausible values of a year, date or number column: a value outside is refused, naming its
    row. A natural end is written here; ends that are a judgement name the setting that holds them
    (data_access.settings), read at every import (data_access.importing.ranges says how each applies).

    - `low`, `high`: natural ends, inclusive; `low_open`: the value must be larger than `low`.
    - `setting`: "plausible_years" (a year, or the year of a date), "plausible_age" (a birth date:
      the person's age on the day of the import), "max_training_jp" (a training's length; a length
      in minutes is converted with the setting "jp_minutes").
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    setting: str | None = None


# The ranges shared by several kinds' columns.
PLAUSIBLE_YEAR = Range(setting="plausible_years")  # a period's year, or the year of an event's date
BIRTH_DATE = Range(setting="plausible_age")
TRAINING_LENGTH = Range(low=0, low_open=True, setting="max_training_jp")
# A service standard is a limit of at most a year, in its own unit (checked with SATUAN in
# data_access/importing/checks.py).
STANDARD_LIMIT = Range(low=0, low_open=True)
STANDARD_LIMIT_MAX = {codes.UNIT_HOURS: 366 * 24, codes.UNIT_WORKING_DAYS: 366, codes.UNIT_CALENDAR_DAYS: 366}


@dataclass(frozen=True)
class Col:
    """One column of a kind: internal field name, template header, type, aliases."""

    field: str
    header: str
    type: str  # nip, text, int, number, date, datetime, or enum:<name>
    required: bool | str = False  # True: header and value; "header": the column must exist
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""
    # Value rules on the parsed cell (checked by the pandera schema in schemas.py; empty cells pass):
    allowed: tuple | None = None  # the only values accepted
    range: Range | None = None  # the plausible values of a year, date or number column




@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    row_is: str
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()  # fields that identify a row; empty = every row is distinct
    # Alternatives: at least one of each group must be present (e.g. JP or DURASI MENIT).
    one_of: tuple[tuple[str, ...], ...] = field(default=())
    # Columns a file of this kind must not have (under their header or any alias): the file is refused
    # whole, with `refused_reason` saying why (survei_adkar is anonymous: no NIP, no name).
    refused: tuple[Col, ...] = field(default=())
    refused_reason: str = ""

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Fields whose column must be in the file."""
        return tuple(c.field for c in self.columns if c.required)

    @property
    def required_values(self) -> tuple[str, ...]:
        """Fields that must have a value on every row."""
        return tuple(c.field for c in self.columns if c.required is True)

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.field == name)


def header_key(text: str) -> str:
    """How headers compare: upper case, letters and digits only (`nip_baru` = `NIP BARU`)."""
    return re.sub(r"[^A-Z0-9]", "", codes.norm_text(text))


_REGION = Col(
    "region", "KABUPATEN/KOTA", "text",
    aliases=("PROVINSI", "KABUPATEN", "KOTA", "KAB/KOTA", "INSTANSI INDUK NAMA", "INSTANSI KERJA NAMA",
             "INSTANSI INDUK", "INSTANSI", "PEMERINTAH DAERAH", "PEMDA"),
    help="Pemerintah daerah pemilik OPD: Provinsi Lampung atau nama kabupaten/kota.",
    example="Provinsi Lampung",
)
_NIP = Col(
    "nip", "NIP", "nip", required=True,
    aliases=("NIP BARU", "NIP PNS", "NI PPPK", "NIPPPK", "NOMOR INDUK PEGAWAI"),
    help="NIP PNS atau NI PPPK, 18 digit (spasi dan tanda kutip boleh).",
    example="19860926 201505 2 001",
)


_NAME = Col("name", "NAMA", "text", required=True, aliases=("NAMA PEGAWAI", "NAMA LENGKAP"),
            help="Nama pegawai.", example="Siti Rahmawati")


def _opd(required: bool) -> Col:
    return Col(
        "agency", "OPD", "text", required=required,
        aliases=("SATUAN KERJA INDUK NAMA", "UNOR INDUK", "PERANGKAT DAERAH", "SKPD", "INSTANSI OPD",
                 "SKP UNOR INDUK", "UNIT LAYANAN", "NAMA OPD"),
        help="Nama OPD (perangkat daerah); singkatan yang dikenal (Dinkes, BKD…) diterima.",
        example="Dinas Kesehatan",
    )


def _unit(required: bool) -> Col:
    return Col(
        "unit", "UNIT KERJA", "text", required=required,
        aliases=("UNOR NAMA", "NAMA UNOR", "UNOR", "SATUAN KERJA KERJA NAMA", "SKP UNOR", "UNIT"),
        help="Nama unit kerja di dalam OPD.",
        example="Bidang Pelayanan Kesehatan",
    )


KINDS: dict[str, Kind] = {}


def _add(kind: Kind) -> None:
    KINDS[kind.name] = kind


_add(Kind(
    "pegawai", "Data pegawai (ASN)", "pegawai",
    key=("nip",),
    columns=(
        _NIP,
        _NAME,
        _unit(True),
        _opd(True),
        _REGION,
        Col("sex", "JENIS KELAMIN", "enum:sex", aliases=("JK", "KELAMIN"),
            help="L/P, M/F atau 1/2.", example="P"),
        Col("birth_date", "TANGGAL LAHIR", "date", aliases=("TGL LAHIR",),
            help="Tanggal lahir.", example="26/09/1986", range=BIRTH_DATE),
        Col("status", "STATUS", "enum:status",
            aliases=("JENIS PEGAWAI NAMA", "JENIS PEGAWAI", "STATUS PEGAWAI", "STATUS ASN"),
            help="PNS, PPPK atau PPPK Paruh Waktu (CPNS dihitung PNS).", example="PNS"),
        Col("golongan", "GOLONGAN", "text", aliases=("GOL AKHIR NAMA", "GOL AKHIR", "GOL", "GOLONGAN RUANG"),
            help="Golongan/ruang (III/a) atau golongan PPPK (IX).", example="III/b"),
        Col("jabatan_type", "JENIS JABATAN", "text", aliases=("JENIS JABATAN NAMA",),
            help="JPT, Administrator, Pengawas, Fungsional atau Pelaksana.", example="Fungsional"),
        Col("jabatan_name", "NAMA JABATAN", "text", aliases=("JABATAN NAMA", "JABATAN"),
            help="Nama jabatan.", example="Pranata Komputer Ahli Pertama"),
        Col("eselon", "ESELON", "text", aliases=("ESELON NAMA",),
            help="Eselon (dari ekspor SIASN), untuk menentukan jenis jabatan struktural.", example=""),
        Col("gelar_depan", "GELAR DEPAN", "text", help="Gelar di depan nama (ekspor SIASN).", example=""),
        Col("gelar_belakang", "GELAR BELAKANG", "text", help="Gelar di belakang nama (ekspor SIASN).",
            example=""),
    ),
))

_add(Kind(
    "skp", "SKP (Laporan SKP e-Kinerja)", "SKP pegawai",
    key=("nip", "period_start", "is_acting"),  # a Plt/Plh SKP sits beside the employee's own
    columns=(
        _NIP,
        Col("status", "SKP STATUS", "text", required=True, aliases=("STATUS SKP",),
            help="Status SKP; 'persetujuan' berarti disetujui.", example="persetujuan"),
        Col("is_acting", "PLT/PLH", "int", aliases=("IS PLT PLH", "PLT PLH"),
            help="1 bila jabatan Plt/Plh, selain itu 0.", example="0", allowed=(0, 1)),
        Col("period_start", "PERIODE AWAL", "date", help="Awal periode SKP.", example="01/01/2026",
            range=PLAUSIBLE_YEAR),
        Col("period_end", "PERIODE AKHIR", "date", help="Akhir periode SKP.", example="31/12/2026",
            range=PLAUSIBLE_YEAR),
        Col("jabatan", "JABATAN", "text", aliases=("SKP JABATAN",), help="Jabatan pada SKP.", example=""),
        _unit(False),
        _opd(False),
    ),
))

_add(Kind(
    "penilaian", "Penilaian kinerja pegawai", "penilaian pegawai dalam satu periode",
    key=("nip", "year", "period"),
    columns=(
        _NIP,
        Col("year", "TAHUN", "int", required=True, help="Tahun penilaian.", example="2026",
            range=PLAUSIBLE_YEAR),
        Col("period", "PERIODE", "enum:period", required=True,
            help="TW I–TW IV, Tahunan, atau nama bulan.", example="TW I"),
        Col("rating_hasil", "RATING HASIL KERJA", "enum:rating", required="header",
            help="Di Atas / Sesuai / Di Bawah Ekspektasi; kosong atau '-' bila belum dinilai.",
            example="Sesuai Ekspektasi"),
        Col("rating_perilaku", "RATING PERILAKU KERJA", "enum:rating", required="header",
            help="Di Atas / Sesuai / Di Bawah Ekspektasi; kosong atau '-' bila belum dinilai.",
            example="Di Atas Ekspektasi"),
        Col("predikat", "PREDIKAT KINERJA", "enum:predikat", aliases=("HASIL AKHIR", "PREDIKAT"),
            help="Bila diisi harus sesuai matriks; '-' berarti belum dinilai.", example="Baik"),
    ),
))

_add(Kind(
    "predikat_organisasi", "Predikat kinerja organisasi", "OPD atau unit dalam satu periode",
    key=("agency", "unit", "year", "period"),
    columns=(
        _opd(True),
        _REGION,
        _unit(False),
        Col("year", "TAHUN", "int", required=True, help="Tahun.", example="2026", range=PLAUSIBLE_YEAR),
        Col("period", "PERIODE", "enum:period", required=True, help="TW I–TW IV atau Tahunan.",
            example="Tahunan"),
        Col("predikat", "PREDIKAT ORGANISASI", "enum:org_predikat", required=True,
            help="Istimewa, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang.", example="Baik"),
    ),
))

_add(Kind(
    "pelatihan", "Pengembangan kompetensi (pelatihan)", "pelatihan yang diikuti",
    key=("nip", "name", "start_date"),
    one_of=(("jp", "minutes"),),
    columns=(
        _NIP,
        Col("name", "NAMA PELATIHAN", "text", required=True, aliases=("PELATIHAN", "NAMA DIKLAT"),
            help="Nama kegiatan.", example="Pelatihan Analisis Data"),
        Col("route", "JENIS", "enum:training", required=True, aliases=("JENIS PELATIHAN", "JALUR"),
            help="klasikal, nonklasikal, pendidikan, atau PKN I/PKN II/PKA/PKP/Latsar.", example="klasikal"),
        Col("start_date", "TANGGAL MULAI", "date", required=True, aliases=("TGL MULAI",),
            help="Tanggal mulai.", example="03/03/2026", range=PLAUSIBLE_YEAR),
        Col("end_date", "TANGGAL SELESAI", "date", aliases=("TGL SELESAI",),
            help="Tanggal selesai.", example="05/03/2026", range=PLAUSIBLE_YEAR),
        Col("jp", "JP", "number", aliases=("JAM PELAJARAN",), help="Jam pelajaran.", example="24",
            range=TRAINING_LENGTH),
        Col("minutes", "DURASI MENIT", "number", aliases=("MENIT",),
            help="Durasi dalam menit, bila JP tidak ada.", example="", range=TRAINING_LENGTH),
    ),
))

_add(Kind(
    "layanan", "Permohonan layanan publik", "permohonan layanan",
    key=("number", "agency"),
    columns=(
        Col("number", "NOMOR PERMOHONAN", "text", required=True, aliases=("NO PERMOHONAN", "NOMOR"),
            help="Nomor permohonan dari sistem layanan.", example="LS-2026-000123"),
        _opd(True),
        _REGION,
        Col("service_type", "JENIS LAYANAN", "text", required=True, help="Jenis layanan.",
            example="Akta Kelahiran"),
        Col("received_at", "WAKTU MASUK", "datetime", required=True, aliases=("TANGGAL MASUK",),
            help="Waktu permohonan diterima (WIB).", example="05/01/2026 09.15", range=PLAUSIBLE_YEAR),
        Col("finished_at", "WAKTU SELESAI", "datetime", aliases=("TANGGAL SELESAI",),
            help="Waktu selesai (WIB); kosong bila masih diproses.", example="06/01/2026 14.00",
            range=PLAUSIBLE_YEAR),
        Col("status", "STATUS", "text", help="Status permohonan.", example="Selesai"),
        Col("channel", "KANAL", "text", help="Loket, online, dll.", example="Loket"),
    ),
))

_add(Kind(
    "standar_layanan", "Standar waktu layanan", "standar layanan",
    key=("service_type", "agency", "region"),
    columns=(
        Col("service_type", "JENIS LAYANAN", "text", required=True, help="Jenis layanan.",
            example="Akta Kelahiran"),
        Col("limit_value", "BATAS WAKTU", "number", required=True,
            help="Batas waktu penyelesaian, paling lama setahun (366 hari atau 8.784 jam).",
            example="3", range=STANDARD_LIMIT),
        Col("limit_unit", "SATUAN", "enum:standard_unit", required=True,
            help="jam, hari kerja atau hari kalender.", example="hari kerja"),
        _opd(False),
        _REGION,
    ),
))

_add(Kind(
    "skm", "Survei Kepuasan Masyarakat (SKM)", "responden survei",
    columns=(
        Col("survey_date", "TANGGAL", "date", required=True, aliases=("TANGGAL SURVEI",),
            help="Tanggal pengisian survei.", example="10/02/2026", range=PLAUSIBLE_YEAR),
        _opd(True),
        _REGION,
        *(
            Col(f"u{i}", f"U{i}", "int", required=True, aliases=(f"UNSUR {i}",),
                help=f"Jawaban unsur {i} ({codes.SKM_ELEMENTS[i - 1]}), 1–4.", example="3",
                allowed=codes.SKM_ANSWERS)
            for i in range(1, 10)
        ),
        Col("service_type", "JENIS LAYANAN", "text", help="Jenis layanan yang dinilai.",
            example="KTP-el"),
    ),
))

_add(Kind(
    "antrian", "Antrian layanan di loket", "tiket antrian",
    # A ticket belongs to the day it was taken (a ticket served after midnight stays on that day);
    # `day` is derived from WAKTU AMBIL by the kind's checks (data_access/importing/checks.py).
    key=("ticket", "agency", "day"),
    columns=(
        Col("ticket", "NOMOR ANTRIAN", "text", required=True,
            aliases=("NO ANTRIAN", "NOMOR TIKET", "NO TIKET", "TIKET", "NOMOR URUT", "TICKET NUMBER",
                     "TICKET NO", "QUEUE NUMBER", "NO URUT"),
            help="Nomor tiket antrian pada hari itu (boleh berulang pada hari lain).", example="A-015"),
        _opd(True),
        _REGION,
        Col("service_type", "JENIS LAYANAN", "text", required=True,
            aliases=("LAYANAN", "NAMA LAYANAN", "SERVICE", "KATEGORI LAYANAN"),
            help="Jenis layanan yang dipilih saat mengambil tiket.", example="KTP-el"),
        Col("channel", "KANAL", "enum:queue_channel",
            aliases=("SUMBER ANTRIAN", "JENIS ANTRIAN", "CARA DAFTAR", "CHANNEL", "SUMBER"),
            help="datang langsung, online (pesan lebih dahulu lewat web, aplikasi atau WhatsApp) atau "
                 "lainnya; kosong dibaca datang langsung.", example="online"),
        Col("taken_at", "WAKTU AMBIL", "datetime", required=True,
            aliases=("WAKTU AMBIL ANTRIAN", "WAKTU AMBIL TIKET", "JAM AMBIL", "WAKTU DAFTAR", "WAKTU CETAK",
                     "CREATED AT", "TAKEN AT", "ISSUED AT", "CHECK IN"),
            help="Waktu tiket diambil (WIB); tanggalnya menentukan hari antrian.", example="05/01/2026 08.05",
            range=PLAUSIBLE_YEAR),
        Col("called_at", "WAKTU PANGGIL", "datetime", required="header",
            aliases=("JAM PANGGIL", "WAKTU DIPANGGIL", "CALLED AT", "CALL TIME"),
            help="Waktu tiket dipanggil ke loket (WIB); kosong bila tidak pernah dipanggil.",
            example="05/01/2026 08.41", range=PLAUSIBLE_YEAR),
        Col("ended_at", "WAKTU SELESAI", "datetime", required="header",
            aliases=("JAM SELESAI", "WAKTU SELESAI LAYANAN", "FINISHED AT", "SERVED AT", "DONE AT"),
            help="Waktu pelayanan di loket selesai (WIB); kosong bila warga tidak dilayani.",
            example="05/01/2026 08.52", range=PLAUSIBLE_YEAR),
        Col("counter", "LOKET", "text", aliases=("NOMOR LOKET", "NO LOKET", "COUNTER", "MEJA"),
            help="Loket yang melayani.", example="Loket 2"),
    ),
))

# The ADKAR pulse survey's five scores: field (the element in lower case), Indonesian header, aliases.
ADKAR_HEADERS = {"awareness": "KESADARAN", "desire": "KEINGINAN", "knowledge": "PENGETAHUAN",
                 "ability": "KEMAMPUAN", "reinforcement": "PENGUATAN"}
ADKAR_FIELDS = tuple(ADKAR_HEADERS)
_ADKAR_EXAMPLES = {"awareness": "4", "desire": "4", "knowledge": "3", "ability": "2", "reinforcement": "3"}

_add(Kind(
    "survei_adkar", "Survei denyut ADKAR (anonim)", "responden survei",
    # No key: two respondents with the same answers on one day are two people; only the same file
    # twice is a duplicate. Anonymous by design: a column that names or identifies a person is refused.
    columns=(
        Col("survey_date", "TANGGAL", "date", required=True,
            aliases=("TANGGAL SURVEI", "TANGGAL PENGISIAN", "TGL SURVEI", "TGL PENGISIAN"),
            help="Tanggal pengisian survei; triwulannya menjadi gelombang survei.", example="10/11/2026",
            range=PLAUSIBLE_YEAR),
        _opd(True),
        _REGION,
        _unit(True),
        *(
            Col(f, header, "int", required=True,
                aliases=(element.upper(), f"SKOR {header}", f"SKOR {element.upper()}", f"{header} {element.upper()}",
                         f"{element.upper()} {header}"),
                help=f"Skor {codes.ADKAR_ELEMENT_WORDS[element].lower()} ({element}), 1–5.",
                example=_ADKAR_EXAMPLES[f], allowed=codes.ADKAR_SCORES)
            for (f, header), element in zip(ADKAR_HEADERS.items(), codes.ADKAR_ELEMENTS)
        ),
        Col("suggestion", "SARAN", "text", aliases=("MASUKAN", "KOMENTAR", "CATATAN", "SARAN DAN MASUKAN"),
            help="Saran tertulis responden (boleh kosong); tidak pernah ditampilkan per orang.",
            example="Perlu pendampingan langsung saat mengisi e-Kinerja."),
    ),
    refused=(_NIP, _NAME),
    refused_reason=("survei ADKAR bersifat anonim, jadi berkasnya tidak boleh memuat NIP atau nama responden. "
                    "Hapus kolom itu lalu unggah ulang berkasnya; tidak ada yang disimpan."),
))

_add(Kind(
    "kegiatan_pendampingan", "Kegiatan pendampingan & sosialisasi", "kegiatan",
    # One activity a row: the same day, agency, unit and type twice with other figures is a conflict.
    key=("activity_date", "agency", "unit", "activity_type"),
    columns=(
        Col("activity_date", "TANGGAL", "date", required=True,
            aliases=("TANGGAL KEGIATAN", "TGL KEGIATAN", "TANGGAL PELAKSANAAN", "HARI/TANGGAL"),
            help="Tanggal kegiatan dilaksanakan.", example="12/03/2026", range=PLAUSIBLE_YEAR),
        _opd(True),
        _REGION,
        Col("unit", "UNIT KERJA", "text",
            aliases=("UNOR NAMA", "NAMA UNOR", "UNOR", "SATUAN KERJA KERJA NAMA", "UNIT", "UNIT SASARAN"),
            help="Unit kerja sasaran kegiatan; kosong = semua unit kerja OPD itu.",
            example="Bidang Pelayanan Pencatatan Sipil"),
        Col("activity_type", "JENIS", "enum:mentoring_type", required=True,
            aliases=("JENIS KEGIATAN", "BENTUK KEGIATAN", "KEGIATAN"),
            help=", ".join(codes.MENTORING_TYPES) + " (bimtek dan coaching juga diterima).",
            example=codes.MENTORING_CLINIC),
        Col("participants", "JUMLAH PESERTA", "int", required=True, aliases=("PESERTA", "JML PESERTA"),
            help="Jumlah pegawai yang hadir, bilangan bulat 1 atau lebih.", example="24",
            range=Range(low=1)),
        Col("facilitator", "FASILITATOR", "text", aliases=("NARASUMBER", "PEMATERI", "PENDAMPING"),
            help="Siapa yang memfasilitasi (nama, jabatan atau instansi; boleh kosong).",
            example="Tim e-Kinerja BKD Provinsi"),
    ),
))

_add(Kind(
    "progres_harian", "Progres Harian e-Kinerja", "entri harian pegawai",
    key=("nip", "day"),
    columns=(
        _NIP,
        Col("day", "TANGGAL", "date", required=True, aliases=("TANGGAL KEGIATAN", "HARI"),
            help="Hari kerja yang dilaporkan.", example="05/01/2026", range=PLAUSIBLE_YEAR),
        Col("input_at", "WAKTU INPUT", "datetime", required=True, aliases=("WAKTU ENTRI", "CREATED AT"),
            help="Waktu entri dibuat (WIB).", example="05/01/2026 16.20", range=PLAUSIBLE_YEAR),
        Col("status", "STATUS", "enum:daily_status", required=True,
            help="Draft, Submitted atau Approved.", example="Submitted"),
        Col("approved_at", "WAKTU PERSETUJUAN", "datetime", aliases=("APPROVED AT",),
            help="Waktu disetujui atasan (WIB).", example="06/01/2026 08.00", range=PLAUSIBLE_YEAR),
    ),
))

KIND_NAMES = tuple(KINDS)


def header_map(kind: Kind) -> dict[str, str]:
    """header_key of the template header and every alias -> field name."""
    mapping: dict[str, str] = {}
    for c in kind.columns:
        for name in (c.header, *c.aliases):
            mapping.setdefault(header_key(name), c.field)
    return mapping
