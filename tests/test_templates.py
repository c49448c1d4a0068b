"""Each kind's template reads back as that kind, and its example pegawai row imports."""
import pytest

from data_access.db import get_engine
from vocab.kinds import KINDS
from data_access.importing.load import detect_kind, import_file
from data_access.importing.reading import read_table
from data_access.importing.templates import data_dictionary
from data_access.importing.templates import template_xlsx


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_reads_back_as_its_kind(kind):
    raw = read_table(template_xlsx(kind), f"templat-{kind}.xlsx")
    assert list(raw.frame.columns) == [c.header for c in KINDS[kind].columns]
    assert detect_kind(raw) == kind
    dictionary = data_dictionary(kind)
    # Every column of the template, then the columns the kind refuses (survei_adkar: NIP, NAMA).
    accepted = dictionary[dictionary["Wajib"] != "dilarang"]
    assert accepted["Kolom"].tolist() == list(raw.frame.columns)
    assert dictionary["Kolom"].tolist()[len(accepted):] == [c.header for c in KINDS[kind].refused]
    assert dictionary["Keterangan"].str.len().min() > 0  # every column explained


def test_pegawai_template_example_imports(sqlite_url):
    result = import_file(get_engine(sqlite_url), "templat-pegawai.xlsx", None, data=template_xlsx("pegawai"))
    assert (result.kind, result.rows_inserted) == ("pegawai", 1)
