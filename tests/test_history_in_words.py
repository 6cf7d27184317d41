"""A record's history in words: field names and choice labels, old → new; the rows edited
on its page (a partner added to a partnership); people by full name, not username."""

from partnerships.models import Participation, PublicationStatus
from portal.demo.factories import PartnershipFactory, StakeholderFactory


def test_partnership_history_tells_changes_in_words_with_its_partners(client, coordinator, milan):
    coordinator.first_name, coordinator.last_name = "Lucia", "Ferri"
    coordinator.save()
    partnership = PartnershipFactory(city=milan, publication_status=PublicationStatus.DRAFT)
    partnership.publication_status = PublicationStatus.PUBLISHED
    partnership._history_user = coordinator
    partnership.save()
    partner = Participation(
        partnership=partnership,
        stakeholder=StakeholderFactory(city=milan, name="Fondazione Aurora"),
        role="funder",
    )
    partner._history_user = coordinator
    partner.save()
    partner.role = "implementer"
    partner.save()
    client.force_login(coordinator)

    page = client.get(
        f"/admin/partnerships/partnership/{partnership.pk}/history/", HTTP_ACCEPT_LANGUAGE="it"
    ).text

    assert "<strong>Stato di pubblicazione:</strong> Bozza&nbsp;&rarr;&nbsp;Pubblicato" in page
    assert "Partecipazione «Fondazione Aurora – " in page
    assert "<strong>Ruolo:</strong> Finanziatore&nbsp;&rarr;&nbsp;Attuatore" in page
    assert "Lucia Ferri" in page
    assert ">coord<" not in page
