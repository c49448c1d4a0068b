"""The mentoring plan's vocabulary (Rencana Pendampingan, issue 20 part 4), declared once: which unit
is in the plan, how a barrier is inferred from behaviour where no survey can say, who is a peer
champion, and the default barrier → approach table administrators edit in Pengaturan (the setting
`plan_approaches`, checked by `check_approaches`)."""
from __future__ import annotations

from vocab import codes

PAGE_TITLE = "Rencana Pendampingan"
PAGE_PATH = "pages/rencana_pendampingan.py"

# Which units are in the plan, in one sentence (the rule metrics.pipeline.plan applies).
RESISTING_RULE = ("Unit masuk rencana bila pegawai wajib lapornya cukup untuk dinilai dan indeks "
                  "resistensinya belum sesuai target (berstatus waspada atau perlu tindakan terhadap target katalog atau "
                  "target pimpinan).")

# --- behaviour: what the e-Kinerja history of a person says, and the barrier it points to ------------
NEVER = "belum_pernah"  # no entry at all this year, not even a Draft
DRAFTS = "hanya_draf"  # Draft entries, none ever Submitted or Approved
LAPSED = "berhenti"  # reported before, not in the last month of the view
BEHAVIOURS = (NEVER, DRAFTS, LAPSED)  # in ADKAR order of the barrier each points to (ties: the earliest)
BEHAVIOUR_LABELS = {
    NEVER: "belum pernah mengisi laporan harian",
    DRAFTS: "sudah menulis draf, belum pernah mengirim",
    LAPSED: "pernah melapor, lalu berhenti",
}
INFERRED_BARRIER = {NEVER: "Awareness/Knowledge", DRAFTS: "Ability", LAPSED: "Reinforcement"}
# The ADKAR elements an inferred barrier stands for (its approaches are those elements').
BARRIER_ELEMENTS = {"Awareness/Knowledge": ("Awareness", "Knowledge"), "Ability": ("Ability",),
                    "Reinforcement": ("Reinforcement",)}
# An invitation, never a reproach: what the person is asked to talk about.
INVITATIONS = {
    NEVER: "diajak berdiskusi: mengapa laporan harian perlu dan bagaimana memulainya",
    DRAFTS: "diajak berdiskusi: apa yang menahan draf untuk dikirim, lalu didampingi mengirim yang pertama",
    LAPSED: "diajak berdiskusi: apa yang membuat berhenti, dan apa yang membantu kembali rutin",
}
# The inference in one sentence, from the declarations above (the page and the docs say it this way).
INFERENCE_RULE = ("; ".join(f"pegawai yang {BEHAVIOUR_LABELS[b]} → {INFERRED_BARRIER[b]}" for b in BEHAVIOURS)
                  + " (pola terbanyak di unit itu; bila sama banyak, yang lebih awal dalam urutan ADKAR)")
SURVEY = "survei ADKAR"  # where a barrier came from
INFERRED = "diduga dari perilaku"
NOT_INFERRED = "tidak dapat diduga: semua pegawai pernah dan masih melapor"
SURVEY_NO_BARRIER = "survei: tidak ada elemen ≤ {line}"

# --- peer champions -----------------------------------------------------------------------------------
EARLY_CATEGORIES = ("Inovator", "Pengadopsi Awal")  # Rogers' first two categories (metrics.adoption)
HABIT_MONTHS = 3  # steady = active (Submitted/Approved) in each of the view's last this-many months
CHAMPIONS_PER_UNIT = 3
SAME_UNIT = "unit yang sama"
SAME_AGENCY = "unit lain di OPD yang sama"
CHAMPION_RULE = (f"Teladan sebaya: pegawai yang termasuk {' atau '.join(EARLY_CATEGORIES)} (urutan Rogers di "
                 f"OPD-nya) dan aktif melapor di setiap bulan dari {HABIT_MONTHS} bulan terakhir; dari unit yang "
                 f"sama bila ada, selain itu dari unit lain di OPD yang sama, paling banyak {CHAMPIONS_PER_UNIT} "
                 "per unit.")

# --- the barrier -> approach table (setting plan_approaches) -------------------------------------------
APPROACH_KEYS = ("hambatan", "pendekatan", "sumber")
MAX_APPROACH_CHARS, MAX_SOURCE_CHARS = 600, 200
DEFAULT_APPROACHES: list[dict] = [
    {"hambatan": "Awareness",
     "pendekatan": "Sosialisasi tatap muka oleh pimpinan unit: mengapa laporan harian wajib dan apa gunanya bagi "
                   "pegawai (dasar TPP, bukti kerja), dengan waktu tanya jawab.",
     "sumber": "Prosci ADKAR (Awareness); SE Kepala BKN 11/2023"},
    {"hambatan": "Desire",
     "pendekatan": "Dialog kecil dengan teladan sebaya dari unit atau OPD yang sama; dengarkan keberatan dan "
                   "jawab yang nyata (beban kerja, jaringan), libatkan pegawai dalam cara unit melapor.",
     "sumber": "Prosci ADKAR (Desire); Rogers, Diffusion of Innovations (peran pengadopsi awal)"},
    {"hambatan": "Knowledge",
     "pendekatan": "Bimbingan teknis singkat e-Kinerja (mengisi, mengirim, memperbaiki Progres Harian) dengan "
                   "panduan tertulis dan contoh dari pekerjaan unit sendiri.",
     "sumber": "Prosci ADKAR (Knowledge); Peraturan BKN 2/2026 (Progres Harian)"},
    {"hambatan": "Ability",
     "pendekatan": "Pendampingan langsung di meja kerja atau klinik e-Kinerja: isi dan kirim bersama sampai "
                   "lancar; periksa akses, perangkat dan jaringan.",
     "sumber": "Prosci ADKAR (Ability); Peraturan BKN 2/2026 (Progres Harian)"},
    {"hambatan": "Reinforcement",
     "pendekatan": "Umpan balik rutin dari atasan langsung atas laporan yang masuk (persetujuan tepat waktu), "
                   "pengakuan bagi yang konsisten, dan pengingat ringan saat berhenti.",
     "sumber": "Prosci ADKAR (Reinforcement); SE Kepala BKN 11/2023"},
]


def _text(value, what: str, longest: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} harus diisi.")
    if len(value.strip()) > longest:
        raise ValueError(f"{what} paling panjang {longest} karakter.")
    return value.strip()


def check_approaches(value) -> list[dict]:
    """The barrier → approach table normalised (one row per ADKAR element, in ADKAR order, each with an
    approach and its source), or ValueError in Indonesian."""
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise ValueError("Tabel pendekatan harus berupa baris hambatan, pendekatan dan sumber.")
    rows: dict[str, dict] = {}
    for i, row in enumerate(value, start=1):
        barrier = row.get("hambatan")
        if barrier not in codes.ADKAR_ELEMENTS:
            raise ValueError(f"Pendekatan baris {i}: hambatan harus salah satu dari {', '.join(codes.ADKAR_ELEMENTS)}.")
        if barrier in rows:
            raise ValueError(f"Pendekatan baris {i}: hambatan {barrier} sudah ada di baris lain.")
        rows[barrier] = {"hambatan": barrier,
                         "pendekatan": _text(row.get("pendekatan"), f"Pendekatan untuk {barrier}", MAX_APPROACH_CHARS),
                         "sumber": _text(row.get("sumber"), f"Sumber pendekatan {barrier}", MAX_SOURCE_CHARS)}
    missing = [e for e in codes.ADKAR_ELEMENTS if e not in rows]
    if missing:
        raise ValueError(f"Tabel pendekatan harus memuat setiap elemen ADKAR; belum ada: {', '.join(missing)}.")
    return [rows[e] for e in codes.ADKAR_ELEMENTS]
