"""Draft partnership agreements: filled from the records, in Italian or English, as DOCX
and PDF; templates with unknown placeholders refused by name; every draft in the
partnership's history; no one drafts another city's agreement."""

import datetime as dt
import importlib.util
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docxtpl import DocxTemplate

from core.uploads import validate_document
from iap.agreement_templates import BLANK, fill_template, shipped_template
from iap.agreements import agreement_draft, may_draft_agreement
from iap.models import ToolboxResource
from partnerships.models import CityRole, Participation, Stakeholder, SustainableDevelopmentGoal
from portal.demo.factories import (
    CityRoleFactory,
    NeedFactory,
    ParticipationFactory,
    PartnershipFactory,
    PledgeFactory,
    PriorityFactory,
    StakeholderFactory,
    ThemeFactory,
    ToolboxResourceFactory,
    UserFactory,
)

URL = "/workspace/partnerships/{}/agreement/"


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def pdf_of(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


def template_with(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def partnership(milan):
    milan.agreement_signatory = "La Direzione Politiche sociali"
    milan.save()
    theme = ThemeFactory(name_it="Povertà educativa", name_en="School poverty")
    partnership = PartnershipFactory(
        city=milan,
        title_it="Doposcuola al Corvetto",
        title_en="After-school club in Corvetto",
        summary_it="Un doposcuola per i ragazzi del quartiere.",
        outcomes_it="Ridurre l'abbandono scolastico.",
        start_date=dt.date(2026, 3, 1),
        end_date=None,
        themes=[theme],
    )
    partnership.sdgs.add(SustainableDevelopmentGoal.objects.get(number=4))
    ParticipationFactory(
        partnership=partnership,
        stakeholder=StakeholderFactory(
            city=milan, name="Fondazione Aurora", kind=Stakeholder.Kind.FOUNDATION
        ),
        role=Participation.Role.FUNDER,
        contribution="Finanzia gli educatori",
        amount_eur=Decimal("12500.00"),
    )
    need = NeedFactory(
        priority=PriorityFactory(city=milan), title="Tutor per i compiti", quantity=10, unit="tutor"
    )
    PledgeFactory(need=need, partnership=partnership)
    return partnership


def draft(partnership, user, *, language="it", file_format="docx", template_key="neutral"):
    return agreement_draft(
        partnership=partnership,
        actor=user,
        template_key=template_key,
        language=language,
        file_format=file_format,
    )


# --- content ----------------------------------------------------------------------


def test_italian_docx_names_parties_contributions_signatory_themes_and_needs(
    partnership, coordinator
):
    result = draft(partnership, coordinator)

    text = docx_text(result.content)
    assert result.filename == f"bozza-accordo-{partnership.slug}-it.docx"
    assert "Bozza di accordo di partenariato: Doposcuola al Corvetto" in text
    assert "BOZZA DA COMPLETARE" in text and "ufficio legale" in text
    assert "Milano, rappresentato da La Direzione Politiche sociali;" in text
    assert "Fondazione Aurora (Fondazione), in qualità di Finanziatore;" in text
    assert "Fondazione Aurora: Finanzia gli educatori" in text
    assert "Importo: 12.500,00 €" in text
    assert "Temi: Povertà educativa" in text
    assert "4. Istruzione di qualità" in text
    assert "Tutor per i compiti: Volontari, 10 tutor" in text
    assert "Ridurre l'abbandono scolastico." in text
    # No end date in the records: a line to fill in, not an invented date.
    assert f"Dal 01 Marzo 2026 al {BLANK}." in text
    assert "{{" not in text and "{%" not in text


def test_english_docx_is_written_in_english(partnership, coordinator):
    text = docx_text(draft(partnership, coordinator, language="en").content)

    assert "Draft partnership agreement: After-school club in Corvetto" in text
    assert "Fondazione Aurora (Foundation), as Funder;" in text
    assert "Amount: 12,500.00 €" in text
    assert "Themes: School poverty" in text
    assert f"From March 1, 2026 to {BLANK}." in text


def test_a_city_without_signatory_gets_a_blank_line(partnership, coordinator):
    partnership.city.agreement_signatory = ""
    partnership.city.save()

    text = docx_text(draft(partnership, coordinator).content)

    assert f"Milano, rappresentato da {BLANK};" in text


def test_pdf_says_what_the_docx_says_in_its_language(partnership, coordinator):
    result = draft(partnership, coordinator, file_format="pdf")

    pdf = pdf_of(result.content)
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert result.content_type == "application/pdf"
    assert pdf.trailer["/Root"]["/Lang"] == "it"
    assert pdf.metadata.title == "Bozza di accordo: Doposcuola al Corvetto"
    assert "Fondazione Aurora" in text and "12.500,00 €" in text
    assert "La Direzione Politiche sociali" in text
    assert pdf.outline[0]["/Title"].startswith("Bozza di accordo di partenariato")


def test_english_pdf_declares_english(partnership, coordinator):
    pdf = pdf_of(draft(partnership, coordinator, language="en", file_format="pdf").content)

    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "Draft partnership agreement" in pdf.pages[0].extract_text()


def test_user_text_stays_text_in_the_docx(partnership, coordinator):
    """A partner's name cannot break the document's XML or run as a placeholder."""
    hostile = 'Acme </w:t></w:r><w:r><w:t>X & "Co" {{ city_signatory }} =SUM(A1)'
    Stakeholder.objects.filter(name="Fondazione Aurora").update(name=hostile)

    text = docx_text(draft(partnership, coordinator).content)

    assert f"{hostile} (Fondazione), in qualità di Finanziatore;" in text


def test_the_shipped_templates_are_reproducible_from_their_script():
    spec = importlib.util.spec_from_file_location(
        "build_agreement_templates",
        Path(__file__).resolve().parents[1] / "scripts" / "build_agreement_templates.py",
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    for language in ("it", "en"):
        assert script.build(language) == shipped_template(language)


# --- templates and their errors ---------------------------------------------------


def test_unknown_placeholder_is_an_error_naming_it():
    with pytest.raises(ValidationError, match="city_mayor"):
        fill_template(template_with("{{ city_name }} {{ city_mayor }}"), {"city_name": "Milano"})


def test_misspelt_field_of_a_party_is_an_error_naming_it():
    source = template_with("{%p for party in parties %}", "{{ party.nmae }}", "{%p endfor %}")

    with pytest.raises(ValidationError, match="nmae"):
        fill_template(source, {"parties": [{"name": "Acme"}]})


def test_a_file_that_is_not_a_docx_template_is_a_clear_error():
    with pytest.raises(ValidationError, match="non è un documento Word"):
        fill_template(b"PK\x03\x04 not really a zip", {})
    with pytest.raises(ValidationError, match="scritto male"):
        fill_template(template_with("{{ city_name "), {"city_name": "Milano"})


def test_templates_cannot_reach_python_internals():
    with pytest.raises(ValidationError):
        fill_template(template_with("{{ city_name.__class__.__mro__ }}"), {"city_name": "x"})


def test_toolbox_form_refuses_an_agreement_template_naming_unknown_placeholders(milan):
    entry = ToolboxResource(
        city=milan,
        title="Modello di Milano",
        slug="modello-milano",
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("modello.docx", template_with("{{ sindaco }} {{ city_name }}")),
    )

    with pytest.raises(ValidationError) as refused:
        entry.full_clean()

    assert "sindaco" in str(refused.value.message_dict["file"])
    assert "city_name" not in str(refused.value.message_dict["file"])


def test_toolbox_form_accepts_a_template_using_known_placeholders(milan):
    entry = ToolboxResource(
        city=milan,
        title="Modello di Milano",
        slug="modello-milano",
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("modello.docx", shipped_template("it")),
    )

    entry.full_clean()


def test_agreement_template_must_be_a_docx(milan):
    entry = ToolboxResource(
        city=milan,
        title="Modello",
        slug="modello",
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("modello.pdf", b"%PDF-1.7 ..."),
    )

    with pytest.raises(ValidationError) as refused:
        entry.full_clean()

    assert "file" in refused.value.message_dict


def test_upload_checks_a_docx_is_a_real_office_package():
    validate_document(SimpleUploadedFile("modello.docx", shipped_template("it")))
    renamed_zip = io.BytesIO()
    with zipfile.ZipFile(renamed_zip, "w") as package:
        package.writestr("payload.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("modello.docx", renamed_zip.getvalue()))


def test_a_citys_own_template_fills_and_is_named_in_history(partnership, coordinator):
    own = ToolboxResourceFactory(
        city=partnership.city,
        title="Schema di convenzione del Comune",
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile(
            "schema.docx", template_with("Convenzione: {{ partnership_title }}")
        ),
    )

    text = docx_text(draft(partnership, coordinator, template_key=str(own.pk)).content)

    assert "Convenzione: Doposcuola al Corvetto" in text
    assert "Schema di convenzione" in partnership.history.first().history_change_reason


def test_another_citys_template_cannot_be_chosen(partnership, coordinator, sofia):
    theirs = ToolboxResourceFactory(
        city=sofia,
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("t.docx", shipped_template("en")),
    )

    with pytest.raises(ValidationError):
        draft(partnership, coordinator, template_key=str(theirs.pk))


def test_a_stored_template_with_an_unknown_placeholder_gives_no_document(partnership, coordinator):
    """A template stored before the check (or changed in storage) is refused at drafting."""
    own = ToolboxResourceFactory(
        city=partnership.city,
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("t.docx", template_with("{{ assessore }}")),
    )
    versions = partnership.history.count()

    with pytest.raises(ValidationError, match="assessore"):
        draft(partnership, coordinator, template_key=str(own.pk))
    assert partnership.history.count() == versions


# --- history ------------------------------------------------------------------------


def test_each_draft_is_recorded_in_the_partnerships_history(partnership, coordinator):
    draft(partnership, coordinator, language="en", file_format="pdf")

    record = partnership.history.first()
    assert record.history_user == coordinator
    assert record.history_change_reason == (
        "Bozza di accordo generata: PDF, inglese, modello «Il modello neutro della piattaforma»"
    )


def test_the_admin_history_page_shows_the_draft_in_words(client, partnership, coordinator):
    draft(partnership, coordinator)
    client.force_login(coordinator)

    page = client.get(f"/admin/partnerships/partnership/{partnership.pk}/history/")

    assert "Bozza di accordo generata: DOCX, italiano" in page.content.decode()


# --- permissions ---------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, partnership):
    response = client.get(URL.format(partnership.pk))

    assert response.status_code == 302 and "login" in response["Location"]


def test_coordinator_of_another_city_gets_not_found(client, partnership, sofia):
    other = CityRoleFactory(city=sofia, role=CityRole.Role.COORDINATOR).user
    client.force_login(other)

    assert client.get(URL.format(partnership.pk)).status_code == 404
    assert client.post(URL.format(partnership.pk), {"file_format": "docx"}).status_code == 404
    with pytest.raises(PermissionDenied):
        draft(partnership, other)


def test_account_manager_drafts_only_for_partnerships_of_stakeholders_they_manage(
    client, partnership, account_manager
):
    client.force_login(account_manager)
    assert not may_draft_agreement(account_manager, partnership)
    assert client.get(URL.format(partnership.pk)).status_code == 403

    Stakeholder.objects.filter(name="Fondazione Aurora").update(account_manager=account_manager)

    assert may_draft_agreement(account_manager, partnership)
    assert client.get(URL.format(partnership.pk)).status_code == 200


def test_manager_of_a_stakeholder_without_a_role_in_the_city_may_not_draft(partnership, sofia):
    elsewhere = CityRoleFactory(city=sofia, role=CityRole.Role.ACCOUNT_MANAGER).user
    Stakeholder.objects.filter(name="Fondazione Aurora").update(account_manager=elsewhere)

    assert not may_draft_agreement(elsewhere, partnership)


def test_a_user_without_any_role_may_not_draft(partnership):
    assert not may_draft_agreement(UserFactory(), partnership)


def test_network_administrator_may_draft_for_any_city(partnership, network_admin):
    assert may_draft_agreement(network_admin, partnership)


# --- the workspace page ------------------------------------------------------------------


def test_coordinator_downloads_docx_and_pdf_from_the_workspace(client, partnership, coordinator):
    client.force_login(coordinator)
    page = client.get(URL.format(partnership.pk))
    assert page.status_code == 200
    assert "Il modello neutro della piattaforma" in page.content.decode()

    for file_format, start in [("docx", b"PK"), ("pdf", b"%PDF-")]:
        response = client.post(
            URL.format(partnership.pk),
            {"template": "neutral", "language": "it", "file_format": file_format},
        )
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(start)
    assert partnership.history.filter(history_change_reason__contains="Bozza").count() == 2


def test_a_bad_template_is_a_form_error_naming_the_placeholder(client, partnership, coordinator):
    own = ToolboxResourceFactory(
        city=partnership.city,
        title="Vecchio modello",
        kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE,
        file=SimpleUploadedFile("t.docx", template_with("{{ assessore }}")),
    )
    client.force_login(coordinator)

    response = client.post(
        URL.format(partnership.pk),
        {"template": str(own.pk), "language": "it", "file_format": "docx"},
    )

    assert response.status_code == 400
    assert "assessore" in response.content.decode()


def test_placeholder_help_lists_every_placeholder(client, coordinator):
    client.force_login(coordinator)

    page = client.get("/workspace/agreements/placeholders/").content.decode()

    for name in ("city_signatory", "parties", "party.contribution", "need.quantity"):
        assert name in page
    neutral = client.get("/workspace/agreements/neutral-template-it.docx")
    assert b"".join(neutral.streaming_content) == shipped_template("it")


def test_placeholders_of_the_shipped_templates_are_all_documented():
    from iap.agreement_templates import PLACEHOLDERS

    for language in ("it", "en"):
        template = DocxTemplate(io.BytesIO(shipped_template(language)))
        assert template.get_undeclared_template_variables() <= set(PLACEHOLDERS)
