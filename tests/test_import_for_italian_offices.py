"""Import built for Italian offices: Excel's semicolon CSV in UTF-8 with BOM or in
Windows-1252, Italian column names and choice labels, slugs made from names, a template
file per model, and errors as a table of row, column, value and message."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Partnership, Stakeholder
from tests.admin_support import admin_url


def upload(client, model, content: bytes, city):
    return client.post(
        admin_url(model, "import"),
        {
            "resource": "0",
            "format": "0",
            "city": city.pk,
            "import_file": SimpleUploadedFile("dati.csv", content),
        },
        HTTP_ACCEPT_LANGUAGE="it",
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(admin_url(model, "process_import"), data)


ITALIAN_EXCEL = (
    "Nome;Tipo;Sito web;Fase di coinvolgimento\r\n"
    "Fondazione Città Aperta;fondazione;https://aperta.example.org;Contattato\r\n"
    "Rossi S.r.l.;azienda;;\r\n"
    "Caffè Sociale;Impresa sociale;;\r\n"
)


def test_italian_excel_semicolon_file_with_italian_labels_imports(client, coordinator, milan):
    client.force_login(coordinator)
    content = ITALIAN_EXCEL.encode("utf-8-sig")

    preview = upload(client, Stakeholder, content, milan)
    assert "confirm_form" in preview.context, preview.context.get("import_errors")
    confirm(client, Stakeholder, preview)

    rows = Stakeholder.objects.order_by("name").values_list(
        "name", "slug", "kind", "engagement_stage", "city"
    )
    assert list(rows) == [
        # An empty stage is the model's default, as on the add form.
        ("Caffè Sociale", "caffe-sociale", "social_enterprise", "prospect", milan.pk),
        ("Fondazione Città Aperta", "fondazione-citta-aperta", "foundation", "contacted", milan.pk),
        ("Rossi S.r.l.", "rossi-srl", "company", "prospect", milan.pk),
    ]


def test_windows_1252_semicolon_file_imports_with_its_accents(client, coordinator, milan):
    client.force_login(coordinator)

    confirm(client, Stakeholder, upload(client, Stakeholder, ITALIAN_EXCEL.encode("cp1252"), milan))

    assert Stakeholder.objects.filter(name="Caffè Sociale").exists()


def test_a_bad_choice_is_a_row_of_the_error_table_listing_the_valid_labels(
    client, coordinator, milan
):
    client.force_login(coordinator)
    content = "Nome;Tipo\r\nNave Spaziale;astronave\r\nScuola Uno;scuola\r\n".encode("utf-8-sig")

    preview = upload(client, Stakeholder, content, milan)

    assert "confirm_form" not in preview.context
    [problem] = preview.context["import_errors"]
    assert (problem.row, problem.column, problem.value) == (2, "Tipo", "astronave")
    assert problem.message == (
        "“astronave” non è tra i valori ammessi: Impresa, Fondazione, Associazione / ONG, "
        "Ente pubblico, Università / ricerca, Scuola, Impresa sociale, Altro."
    )
    page = preview.content.decode()
    assert '<table id="import-errors">' in page
    assert "Traceback" not in page and "traceback" not in page
    assert not Stakeholder.objects.exists()


def test_a_missing_column_is_a_message_not_a_traceback(client, coordinator, milan):
    client.force_login(coordinator)

    preview = upload(
        client, Stakeholder, b"Sito web;Tipo\r\nhttps://x.example.org;azienda\r\n", milan
    )

    page = preview.content.decode()
    assert "Al file mancano le colonne Nome." in page
    assert "Traceback" not in page and "site-packages" not in page


def test_partnership_slug_is_made_from_the_title_when_the_column_is_missing(
    client, coordinator, milan
):
    client.force_login(coordinator)
    content = "Titolo [it];Stato\r\nMensa solidale;attivo\r\n".encode("utf-8-sig")

    confirm(client, Partnership, upload(client, Partnership, content, milan))

    assert Partnership.objects.get().slug == "mensa-solidale"


def test_each_model_offers_a_template_with_the_italian_column_names(client, coordinator):
    client.force_login(coordinator)

    response = client.get(admin_url(Stakeholder, "import") + "template/", HTTP_ACCEPT_LANGUAGE="it")

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:4] == ["Slug", "Nome", "Tipo", "Sito web"]
    import_page = client.get(admin_url(Stakeholder, "import"), HTTP_ACCEPT_LANGUAGE="it")
    assert 'href="/admin/partnerships/stakeholder/import/template/"' in import_page.content.decode()
