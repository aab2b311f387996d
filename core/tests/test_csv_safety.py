"""CSV written and read without formula injection: the writer every export uses, and the
validator upload forms use."""

import csv
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given
from hypothesis import strategies as st

from core import csv_safety


def written(rows) -> str:
    out = io.StringIO()
    csv_safety.writer(out).writerows(rows)
    return out.getvalue()


def upload(content: bytes | str, name="families.csv", content_type="text/csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+SUM(A1:A2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_writer_shows_formulas_as_text(cell):
    (row,) = csv.reader(io.StringIO(written([["Ada", cell]])))
    assert row == ["Ada", "'" + cell]


def test_writer_leaves_numbers_and_ordinary_text_alone():
    (row,) = csv.reader(io.StringIO(written([["-0.3585", "+44", "1e-3", "Stay and Play", None]])))
    assert row == ["-0.3585", "+44", "1e-3", "Stay and Play", ""]


@given(st.text())
@example("'=1+1")
@example("''=1+1")
@example("'-")
def test_written_cells_read_back_exactly_and_never_run(text):
    cell = csv_safety.safe_cell(text)
    assert not csv_safety.is_formula(cell)
    assert csv_safety.unescape_cell(cell) == text


def test_upload_gives_rows_by_heading():
    rows = csv_safety.read_upload(upload("name,postcode\nAda,RM18 7AA\n\nGrace,-0.5\n"))
    assert rows == [
        {"name": "Ada", "postcode": "RM18 7AA"},
        {"name": "Grace", "postcode": "-0.5"},
    ]


def test_upload_reads_excel_utf8_with_byte_order_mark():
    rows = csv_safety.read_upload(upload("\ufeffname\nZoë\n".encode()))
    assert rows == [{"name": "Zoë"}]


def test_upload_names_every_formula_cell_by_row_and_column():
    with pytest.raises(ValidationError) as refused:
        csv_safety.read_upload(upload("name,note\nAda,=1+1\n@Grace,ok\nJo,\tx\n"))
    message = refused.value.messages[0]
    assert "row 2, column B, row 3, column A, row 4, column B" in message
    assert "run as formulas" in message


def test_upload_lists_at_most_ten_formula_cells():
    content = "note\n" + "=1\n" * 25
    with pytest.raises(ValidationError, match="row 11, column A and 15 more"):
        csv_safety.read_upload(upload(content))


def test_upload_refuses_oversize_files():
    with pytest.raises(ValidationError, match="must be smaller than 1MB"):
        csv_safety.read_upload(upload("a\n" + "x" * 1024 * 1024), max_bytes=1024 * 1024)


def test_upload_refuses_oversize_files_that_understate_their_size():
    big = upload("a\n" + "x" * 5000)
    big.size = 10
    with pytest.raises(ValidationError, match="must be smaller than"):
        csv_safety.read_upload(big, max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("families.xlsx", "text/csv"), ("families.csv", "image/png"), ("families", "text/csv")],
)
def test_upload_refuses_other_file_types(name, content_type):
    with pytest.raises(ValidationError, match="must be a CSV"):
        csv_safety.read_upload(upload("a\n1\n", name=name, content_type=content_type))


def test_upload_refuses_binary_content_named_csv():
    with pytest.raises(ValidationError, match="must be a CSV"):
        csv_safety.read_upload(upload(b"a\x00b\n"))


def test_upload_refuses_files_not_saved_as_utf8():
    with pytest.raises(ValidationError, match="CSV UTF-8"):
        csv_safety.read_upload(upload("name\nZoë\n".encode("cp1252")))


@pytest.mark.parametrize("content", ["", "\n\n", ",,\n"])
def test_upload_refuses_empty_files(content):
    with pytest.raises(ValidationError, match="The selected file is empty"):
        csv_safety.read_upload(upload(content))


def test_upload_refuses_rows_longer_than_the_headings():
    with pytest.raises(ValidationError, match="Row 3 has more cells than there are column"):
        csv_safety.read_upload(upload("name\nAda\nGrace,extra\n"))


class UploadForm(forms.Form):
    file = csv_safety.CsvFileField(max_bytes=1000)


def test_form_field_gives_rows_or_a_message_for_people():
    good = UploadForm(files={"file": upload("name\nAda\n")})
    assert good.is_valid()
    assert good.cleaned_data["file"] == [{"name": "Ada"}]

    missing = UploadForm(files={})
    assert not missing.is_valid()
    assert missing.errors["file"] == ["Select a CSV file"]

    formula = UploadForm(files={"file": upload("name\n=cmd\n")})
    assert not formula.is_valid()
    assert "row 2, column A" in formula.errors["file"][0]


def test_column_letters_follow_spreadsheets():
    assert [csv_safety.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


@pytest.mark.django_db
def test_directory_csv_export_shows_formulas_as_text_and_imports_back(tmp_path):
    from django.core.management import call_command

    from directory.models import Service
    from oruk.importer import import_feed
    from oruk.tests.factories import full_service

    hostile = '=HYPERLINK("http://evil.example","Stay and Play")'
    service = full_service(name=hostile, description="@SUM(1+1)*cmd|' /C calc'!A0")
    call_command("export_oruk", str(tmp_path), stdout=io.StringIO())
    with (tmp_path / "csv" / "services.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["id"] == str(service.pk)]
    assert row["name"] == "'" + hostile
    assert row["description"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    every_cell = [
        cell
        for path in (tmp_path / "csv").glob("*.csv")
        for line in csv.reader(path.open(newline="", encoding="utf-8"))
        for cell in line
    ]
    assert not [cell for cell in every_cell if csv_safety.is_formula(cell)]

    Service.objects.filter(pk=service.pk).update(name="changed", description="changed")
    report = import_feed(str(tmp_path / "csv"))
    assert report.rejected == []
    service.refresh_from_db()
    assert (service.name, service.description) == (hostile, "@SUM(1+1)*cmd|' /C calc'!A0")
