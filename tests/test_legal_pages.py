"""The privacy notice and the accessibility statement follow the Italian public-sector
models, with the facts only the administration knows taken from settings (.env), shown
as a visible gap until they are filled in."""

import re

import pytest

pytestmark = pytest.mark.django_db

GAP_IT = "da completare a cura del titolare"


def main_text(client, path: str) -> str:
    html = client.get(path).content.decode()
    main = html.split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_privacy_notice_shows_the_missing_controller_and_dpo_as_gaps(client, settings):
    settings.PRIVACY_CONTROLLER = settings.PRIVACY_CONTROLLER_CONTACT = ""
    settings.PRIVACY_DPO = settings.PRIVACY_DPO_CONTACT = ""

    text = main_text(client, "/it/privacy/")

    assert "Titolare del trattamento è da completare a cura del titolare" in text
    assert "Il responsabile della protezione dei dati (RPD) è " + GAP_IT in text
    assert text.count(GAP_IT) == 4


def test_privacy_notice_names_the_controller_and_dpo_from_the_settings(client, settings):
    settings.PRIVACY_CONTROLLER = "Comune di Esempio, piazza Grande 1"
    settings.PRIVACY_CONTROLLER_CONTACT = "https://comune.example/contatti"
    settings.PRIVACY_DPO = "Ufficio RPD del Comune di Esempio"
    settings.PRIVACY_DPO_CONTACT = "https://comune.example/rpd"

    html = client.get("/en/privacy/").content.decode()

    assert "The data controller is Comune di Esempio, piazza Grande 1" in html
    assert 'href="https://comune.example/contatti"' in html
    assert "The data protection officer (DPO) is Ufficio RPD del Comune di Esempio" in html
    assert 'href="https://comune.example/rpd"' in html
    assert "to be completed" not in html


def test_accessibility_statement_has_the_sections_of_the_agid_model(client, settings):
    settings.ACCESSIBILITY_FEEDBACK_URL = ""
    settings.ACCESSIBILITY_STATEMENT_DATE = ""

    html = client.get("/it/accessibility/").content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", html)

    assert headings == [
        "Stato di conformità",
        "Contenuti non accessibili",
        "Redazione della dichiarazione di accessibilità",
        "Meccanismo di feedback e informazioni di contatto",
        "Procedura di attuazione",
    ]
    assert (
        'href="https://www.agid.gov.it/it/design-servizi/accessibilita/procedura-attuazione"'
        in (html)
    )
    # Without a date and a feedback channel, both are visible gaps.
    assert main_text(client, "/it/accessibility/").count(GAP_IT) == 3


def test_accessibility_statement_dates_itself_and_links_the_feedback_form(client, settings):
    settings.PRIVACY_CONTROLLER = "Comune di Esempio"
    settings.ACCESSIBILITY_FEEDBACK_URL = "https://comune.example/accessibilita"
    settings.ACCESSIBILITY_STATEMENT_DATE = "2026-09-23"

    text = main_text(client, "/it/accessibility/")
    html = client.get("/it/accessibility/").content.decode()

    assert "Comune di Esempio si impegna a rendere il proprio sito web accessibile" in text
    assert "La presente dichiarazione è stata redatta il 23 settembre 2026" in text
    assert '<a href="https://comune.example/accessibilita">il meccanismo di feedback</a>' in html
    assert GAP_IT not in text
