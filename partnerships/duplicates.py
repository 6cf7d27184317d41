"""How two spellings of one organisation are recognised as the same organisation.

"Acme S.p.A.", "ACME spa" and "Acme" are one company; "https://www.acme.it/" and
"acme.it" are one website. The single contact point uses this to offer merging a
proposal into an existing stakeholder instead of creating a twin.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Legal forms that say nothing about which organisation it is.
LEGAL_FORMS = {
    "spa",
    "srl",
    "srls",
    "sas",
    "snc",
    "scarl",
    "scrl",
    "onlus",
    "ets",
    "aps",
    "odv",
    "coop",
    "ltd",
    "llc",
    "inc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "bv",
    "nv",
    "ad",
    "ood",
    "eood",
}


def normalise_organisation_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no legal form: the name's identity."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    # "S.p.A." -> "spa" before punctuation turns it into separate letters.
    ascii_name = re.sub(r"(?<=\w)\.(?=\w)", "", ascii_name.lower())
    words = re.findall(r"[a-z0-9]+", ascii_name)
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def normalise_website(url: str) -> str:
    """The host name without scheme, "www." or trailing path: "acme.it"."""
    url = url.strip().lower()
    if not url:
        return ""
    if "//" not in url:
        url = f"//{url}"
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
