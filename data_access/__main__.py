"""Operator commands: python -m data_access upgrade | demo | import | template | batches | rollback | users
| org | purge | backup | restore.

Without --user a command acts with full scope as the operator `cli`; with --user NAME it uses that
user's scope and name. Summaries go to stdout, problems to stderr.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from datetime import datetime

from data_access import backup, org_changes as oc, users
from data_access.authz import UserError
from data_access.bootstrap import load_demo, prepare_default
from data_access.config import CLI_OPERATOR, database_url
from data_access.db import get_engine
from vocab.kinds import KIND_NAMES
from data_access.importing.problems import ImportRejected, ReadError
from data_access.importing.load import import_file
from data_access.importing.rollback import RollbackRefused, batches, rollback_batch
from data_access.importing.templates import template_xlsx
from data_access.importing.upload import check_size, max_upload_mb
from data_access.retention import purge_daily_entries
from data_access.schema import SchemaOutdated, current_revision, ensure_schema, head_revision, upgrade
from data_access.scope import Scope, UnknownUser, scope_for_user


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser (also rendered into docs/cli.md by docs/gen_cli.py)."""
    p = argparse.ArgumentParser(prog="python -m data_access", description="Dasbor Kinerja ASN Lampung: data")
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("upgrade", help="buat atau perbarui skema basis data")
    up.add_argument("--db", help="alamat basis data (bawaan: DATABASE_URL atau berkas SQLite di data/)")

    pre = sub.add_parser("prepare", help="sebelum aplikasi dijalankan: perbarui skema dan, untuk basis data bawaan "
                                         "aplikasi saja, isi data demo bila masih kosong (make run memanggilnya)")
    pre.add_argument("--db")

    demo = sub.add_parser("demo", help="isi basis data dengan data demo sintetis")
    demo.add_argument("--scale", default="small", help="ukuran data demo (bawaan: small)")
    demo.add_argument("--employees", type=int, help="jumlah pegawai (menimpa ukuran)")
    demo.add_argument("--seed", type=int, help="benih acak (bawaan: tetap, hasil selalu sama)")
    demo.add_argument("--db")

    _add_import(sub)
    tpl = sub.add_parser("template", help="tulis templat XLSX satu jenis data (dengan kamus data)")
    tpl.add_argument("kind", choices=KIND_NAMES)
    tpl.add_argument("--out", help="nama berkas (bawaan: templat-<jenis>.xlsx)")
    _add_users(sub)
    bat = sub.add_parser("batches", help="daftar batch impor, terbaru lebih dahulu")
    bat.add_argument("--kind", choices=KIND_NAMES)
    bat.add_argument("--db")
    _add_org(sub)
    _add_maintenance(sub)
    return p


def _add_import(sub) -> None:
    imp = sub.add_parser("import", help="impor satu berkas ekstrak (CSV atau XLSX)")
    imp.add_argument("file")
    imp.add_argument("--kind", choices=KIND_NAMES, help="jenis data; dikenali dari judul kolom bila kosong")
    imp.add_argument("--sheet", help="nama lembar Excel (bawaan: dikenali otomatis)")
    imp.add_argument("--mode", choices=("append", "replace"), default="append",
                     help="append: tambah baris baru (bawaan); replace: ganti data jenis ini untuk periode dan "
                          "OPD berkas (pegawai: berkas adalah potret OPD-nya)")
    imp.add_argument("--year", type=int, help="tahun, bila berkas tidak punya kolom TAHUN maupun judul bertahun")
    imp.add_argument("--period", help="periode (TW1–TW4, TAHUNAN, B01–B12), bila berkas tidak menyebutnya")
    imp.add_argument("--skip-warned-rows", action="store_true",
                     help="lewati baris yang hanya berperingatan (tanpa ini peringatan membatalkan impor)")
    imp.add_argument("--effective-date", type=_date, metavar="TANGGAL",
                     help="pegawai: tanggal berlaku mutasi dan pegawai keluar dalam riwayat penempatan "
                          "(bawaan: hari impor)")
    imp.add_argument("--max-mb", type=int, metavar="MB",
                     help="batas ukuran berkas untuk impor ini, bagi operator yang memuat berkas besar "
                          "(bawaan: pengaturan max_upload_mb, batas yang sama dengan halaman unggah)")
    imp.add_argument("--db")
    imp.add_argument("--user", help="bertindak sebagai pengguna ini (bawaan: operator cli)")


def _add_users(sub) -> None:
    usr = sub.add_parser("users", help="kelola akun lokal: add, disable, enable, unlock, reset-password, list")
    usr_sub = usr.add_subparsers(dest="users_command", required=True)
    add = usr_sub.add_parser("add", help="tambah pengguna")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="pimpinan, kepala_opd, analis atau admin")
    add.add_argument("--name", help="nama tampilan (bawaan: nama pengguna)")
    add.add_argument("--email")
    add.add_argument("--grant", action="append", default=[],
                     help="cakupan, boleh berulang: region=NAMA, agency=OPD@DAERAH, unit=UNIT@OPD@DAERAH")
    add.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
    dis = usr_sub.add_parser("disable", help="nonaktifkan pengguna")
    dis.add_argument("username")
    ena = usr_sub.add_parser("enable", help="aktifkan kembali pengguna")
    ena.add_argument("username")
    rst = usr_sub.add_parser("reset-password", help="ganti kata sandi pengguna")
    rst.add_argument("username")
    rst.add_argument("--password-stdin", action="store_true")
    unl = usr_sub.add_parser("unlock", help="buka kunci akun setelah terlalu banyak gagal masuk")
    unl.add_argument("username")
    lst = usr_sub.add_parser("list", help="daftar pengguna dan cakupannya")
    for leaf in (add, dis, ena, rst, unl, lst):
        leaf.add_argument("--db")


def _add_org(sub) -> None:
    org = sub.add_parser("org", help="perubahan organisasi: rename, merge, move, history")
    org_sub = org.add_subparsers(dest="org_command", required=True)
    ren = org_sub.add_parser("rename", help="ganti nama OPD atau unit kerja (id tetap)")
    which = ren.add_mutually_exclusive_group(required=True)
    which.add_argument("--agency", metavar="OPD@DAERAH")
    which.add_argument("--unit", metavar="UNIT@OPD@DAERAH")
    ren.add_argument("--to", required=True, metavar="NAMA", help="nama baru")
    mrg = org_sub.add_parser("merge", help="gabungkan OPD ke OPD lain; riwayatnya ikut penerusnya")
    mrg.add_argument("agency", metavar="OPD@DAERAH")
    mrg.add_argument("--into", required=True, metavar="OPD@DAERAH")
    mov = org_sub.add_parser("move", help="pindahkan unit kerja (dengan riwayatnya) ke OPD lain")
    mov.add_argument("unit", metavar="UNIT@OPD@DAERAH")
    mov.add_argument("--to", required=True, metavar="OPD@DAERAH")
    for leaf in (ren, mrg, mov):
        leaf.add_argument("--date", required=True, type=_date, metavar="TANGGAL",
                          help="tanggal berlaku (2026-07-01 atau 01-07-2026)")
        leaf.add_argument("--user", help="bertindak sebagai pengguna ini (bawaan: operator cli)")
    his = org_sub.add_parser("history", help="riwayat perubahan organisasi, terbaru lebih dahulu")
    for leaf in (ren, mrg, mov, his):
        leaf.add_argument("--db")


def _add_maintenance(sub) -> None:
    rb = sub.add_parser("rollback", help="batalkan satu batch impor (utuh, dalam satu transaksi)")
    rb.add_argument("batch", type=int)
    rb.add_argument("--db")
    rb.add_argument("--user", help="dicatat sebagai yang membatalkan (bawaan: operator cli)")

    pur = sub.add_parser("purge", help="hapus progres harian yang lebih tua dari masa simpannya (satu transaksi)")
    pur.add_argument("--dry-run", action="store_true", help="hanya hitung yang akan dihapus")
    pur.add_argument("--db")
    pur.add_argument("--user", help="dicatat sebagai yang menghapus (administrator; bawaan: operator cli)")

    bak = sub.add_parser("backup", help="salin seluruh basis data ke satu berkas (SQLite: API backup; "
                                        "PostgreSQL: pg_dump)")
    bak.add_argument("file")
    res = sub.add_parser("restore", help="ganti seluruh basis data dengan berkas cadangan (hentikan aplikasi dulu)")
    res.add_argument("file")
    for leaf in (bak, res):
        leaf.add_argument("--db")
        leaf.add_argument("--user", help="dicatat sebagai pelaku (administrator; bawaan: operator cli)")


def _date(text: str):
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' bukan tanggal (contoh: 2026-07-01 atau 01-07-2026)")


def _template(args) -> int:
    out = args.out or f"templat-{args.kind}.xlsx"
    with open(out, "wb") as f:
        f.write(template_xlsx(args.kind))
    print(f"Templat {args.kind} ditulis ke {out}.")
    return 0


def _upgrade(engine, args) -> int:
    before = current_revision(engine)
    upgrade(engine)
    print(f"Skema basis data: {before or 'kosong'} -> {head_revision()}.")
    return 0


def _prepare(engine, args) -> int:
    started = time.perf_counter()
    loaded = prepare_default(database_url(args.db), log=lambda m: print(m, file=sys.stderr))
    print(f"Data demo disiapkan dalam {time.perf_counter() - started:.0f} detik." if loaded else "Basis data siap.")
    return 0


def _demo(engine, args) -> int:
    results = load_demo(engine, args.scale, seed=args.seed, employees=args.employees,
                        log=lambda m: print(m, file=sys.stderr))
    print(f"Data demo '{args.scale}' dimuat: {sum(r.rows_inserted for r in results)} baris.")
    return 0


def _batches(engine, args) -> int:
    table = batches(engine, args.kind)
    print(table.to_string(index=False) if not table.empty else "Belum ada batch impor.")
    return 0


def _rollback(engine, args) -> int:
    try:
        print(rollback_batch(engine, args.batch, user=args.user or CLI_OPERATOR).summary())
    except RollbackRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _purge(engine, args) -> int:
    try:
        print(purge_daily_entries(engine, user=args.user or CLI_OPERATOR, dry_run=args.dry_run).summary())
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _backup(engine, args) -> int:
    ensure_schema(engine)
    try:
        if args.command == "backup":
            print(f"Cadangan ditulis ke {backup.backup(args.db, args.file, user=args.user or CLI_OPERATOR)}.")
        else:
            backup.restore(args.db, args.file, user=args.user or CLI_OPERATOR)
            print(f"Basis data dipulihkan dari {args.file}.")
    except (backup.BackupError, UserError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _with_schema(handler):
    def run(engine, args) -> int:
        ensure_schema(engine)
        return handler(engine, args)
    return run


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "template":
        return _template(args)
    handlers = {"upgrade": _upgrade, "prepare": _prepare, "demo": _demo, "import": _with_schema(_import),
                "users": _with_schema(_users), "org": _with_schema(_org), "batches": _batches,
                "rollback": _rollback, "purge": _purge, "backup": _backup, "restore": _backup}
    try:
        return handlers[args.command](get_engine(args.db), args)
    except SchemaOutdated as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Kata sandi: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise SystemExit("Kata sandi tidak sama.")
    return first


def _users(engine, args) -> int:
    try:
        with engine.begin() as conn:
            if args.users_command == "add":
                grants = [users.parse_grant(g) for g in args.grant]
                users.add_user(conn, args.username, args.name or args.username, args.role, _password(args),
                               grants, email=args.email)
                print(f"Pengguna '{args.username}' ({args.role}) dibuat dengan {len(grants)} cakupan.")
            elif args.users_command == "disable":
                users.disable_user(conn, args.username)
                print(f"Pengguna '{args.username}' dinonaktifkan.")
            elif args.users_command == "enable":
                users.enable_user(conn, args.username)
                print(f"Pengguna '{args.username}' diaktifkan kembali.")
            elif args.users_command == "reset-password":
                users.reset_password(conn, args.username, _password(args))
                print(f"Kata sandi '{args.username}' diganti.")
            elif args.users_command == "unlock":
                users.unlock_user(conn, args.username)
                print(f"Kunci akun '{args.username}' dibuka; hitungan gagal masuk mulai dari nol.")
            else:
                table = users.list_users(conn)
                table["locked"] = table["locked"].map({True: "terkunci", False: ""})
                print(table.to_string(index=False) if not table.empty else "Belum ada pengguna.")
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _org(engine, args) -> int:
    if args.org_command == "history":
        table = oc.history(engine)
        print(table.to_string(index=False) if not table.empty else "Belum ada perubahan organisasi.")
        return 0
    by = args.user or CLI_OPERATOR
    try:
        with engine.begin() as conn:
            if args.org_command == "rename" and args.agency:
                result = oc.rename_agency(conn, oc.find_agency(conn, args.agency), args.to, args.date, by=by)
            elif args.org_command == "rename":
                result = oc.rename_unit(conn, oc.find_unit(conn, args.unit), args.to, args.date, by=by)
            elif args.org_command == "merge":
                result = oc.merge_agency(conn, oc.find_agency(conn, args.agency), oc.find_agency(conn, args.into),
                                         args.date, by=by)
            else:
                result = oc.move_unit(conn, oc.find_unit(conn, args.unit), oc.find_agency(conn, args.to),
                                      args.date, by=by)
    except UserError as exc:
        print(f"{exc} Tidak ada yang berubah.", file=sys.stderr)
        return 1
    print(result.message)
    return 0


def _import(engine, args) -> int:
    user = args.user or CLI_OPERATOR
    scope = Scope.full(CLI_OPERATOR)
    if args.user:
        try:
            with engine.connect() as conn:
                scope = scope_for_user(conn, args.user)
        except UnknownUser as exc:
            print(str(exc), file=sys.stderr)
            return 2
    try:
        if os.path.exists(args.file):  # a missing file is import_file's to refuse
            check_size(os.path.basename(args.file), os.path.getsize(args.file),
                       args.max_mb if args.max_mb is not None else max_upload_mb(engine))
        result = import_file(engine, args.file, args.kind, user=user, mode=args.mode,
                             skip_warned_rows=args.skip_warned_rows, sheet=args.sheet, scope=scope,
                             year=args.year, period=args.period, effective_date=args.effective_date)
    except ReadError as exc:
        print(f"Impor dibatalkan, basis data tidak berubah: {exc}", file=sys.stderr)
        return 1
    except ImportRejected as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    for note in result.notes:
        print(str(note), file=sys.stderr)
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
