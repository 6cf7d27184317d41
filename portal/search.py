"""Site-wide search: one query across every kind of public record, ranked, with snippets.

What is searched: each kind in `KINDS` names its model, its text fields by weight and
its path to a city. Records come from `Model.objects.public()` only, so the one
publication rule (`core/publication.py`) decides what can be found; nothing here
checks a status by hand.

Two engines, one interface (`search()` → `SearchResults`):

- PostgreSQL: full-text search. Each record's document is its Italian text under the
  `italian` configuration, its English text under `english` and its proper names
  (cities, organisations, places) under `simple`; the query is parsed under all three
  and any may match, so "scuola" finds "scuole" (Italian stemming) and "schools"
  finds "school" whatever the page's language. Text and query go through `unaccent`,
  so accents never matter. Ranked by `ts_rank` with titles weighing most (A), then
  summaries (B), then the rest (C); snippets by `ts_headline`.
- SQLite (the embedded default): every word must occur in some field, blind to
  accents and case (the `unaccent` lookup of `core/unaccent.py`), ranked by the same
  weights of the fields each word occurs in; snippets cut around the first match.

The index is the tables themselves: vectors are computed at query time, not stored.
A save or a publication is searchable at once, with no signal, trigger or rebuild to
keep in step, and the publication rule stays in the query where it can change.
The price: every search parses the text of every public record. At scale 1 (about
7,000 records, 2,000 of them partnerships) that is 70–90 ms of database time on a
shared 2-core machine, most of it the partnerships; `make bench` reports the page's
p95. Past the 100 ms target the next step is a stored `SearchVectorField` per model
with a GIN index, kept by `post_save` like the page cache's version (unaccent is not
IMMUTABLE, so an expression index over it is refused).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, NullIf, Replace
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.unaccent import Unaccent, strip_accents
from iap.models import Action, IntegratedActionPlan, Need, ToolboxResource
from partnerships.models import City, NetworkEvent, Partnership, Stakeholder, Theme
from ulg.models import SmallScaleAction

# A query longer than this is cut: nobody types more, and each word costs a scan.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# How long a snippet is, in words (PostgreSQL) and characters (SQLite).
SNIPPET_WORDS = 30
SNIPPET_CHARACTERS = 220
# PostgreSQL's text-search configuration for each language of the site.
CONFIGS = {"it": "italian", "en": "english"}
# ts_rank's default weights of D, C, B, A; the SQLite ranking uses the same.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
# ts_headline marks matches with these; the text is escaped, then they become <mark>.
# Removed from the text first, so a record's own text cannot forge a mark.
MARK_START, MARK_STOP = "\u2983", "\u2984"


@dataclass(frozen=True)
class Kind:
    """One kind of record the search finds, and where its text is.

    `title`, `summary` and `body` are translated fields (django-modeltranslation:
    searched in every language, shown in the page's); `names` are untranslated
    (a city's or an organisation's name, a place), weighed like titles.
    """

    key: str
    label: Promise
    model: type[Model]
    city: str  # the lookup from the record to its city's pk
    themes: str = ""  # the lookup from the record to its themes, for those that have them
    title: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    url: Callable[[Any], str] = lambda record: record.get_absolute_url()

    def records(self) -> QuerySet:
        """Every record of this kind anyone may see."""
        return self.model.objects.public()

    def columns(self, weight: str) -> list[str]:
        """The database columns of one weight, every language's."""
        fields = {"A": self.title, "B": self.summary, "C": self.body}[weight]
        columns = [f"{name}_{language}" for name in fields for language, _n in settings.LANGUAGES]
        return columns + list(self.names) if weight == "A" else columns

    def snippet_fields(self) -> tuple[str, ...]:
        """The fields a snippet is cut from: all but the title, and the names when they
        are not the title (a need's place, a partnership's neighbourhood)."""
        return self.summary + self.body + (self.names if self.title else ())


def _stakeholder_url(stakeholder: Stakeholder) -> str:
    # The directory has no page per organisation: its city's page of the directory.
    return reverse("partnerships:stakeholder-list") + f"?city={stakeholder.city.slug}"


def _event_url(event: NetworkEvent) -> str:
    return reverse("partnerships:network") + f"#event-{event.slug}"


KINDS: tuple[Kind, ...] = (
    Kind(
        "partnership",
        _("Partnerships"),
        Partnership,
        city="city",
        themes="themes",
        title=("title",),
        summary=("summary",),
        body=("description", "outcomes"),
        names=("neighbourhood",),
        related=("city",),
    ),
    Kind(
        "city",
        _("Cities"),
        City,
        city="pk",
        summary=("csr_focus",),
        body=("description",),
        names=("name",),
    ),
    Kind(
        "stakeholder",
        _("Organisations"),
        Stakeholder,
        city="city",
        body=("description",),
        names=("name",),
        related=("city",),
        url=_stakeholder_url,
    ),
    Kind(
        "need",
        _("Needs"),
        Need,
        city="priority__city",
        themes="priority__themes",
        title=("title",),
        body=("description", "beneficiaries"),
        names=("place",),
        related=("priority__city",),
    ),
    Kind(
        "ssa",
        _("Small-Scale Actions"),
        SmallScaleAction,
        city="ulg__city",
        themes="themes",
        title=("title",),
        summary=("summary",),
        body=("description", "results", "lessons_learned"),
        related=("ulg__city",),
    ),
    Kind(
        "plan",
        _("Integrated Action Plans"),
        IntegratedActionPlan,
        city="city",
        title=("title",),
        summary=("summary", "strategic_objective"),
        related=("city",),
    ),
    Kind(
        "action",
        _("IAP actions"),
        Action,
        city="plan__city",
        title=("title",),
        body=("description", "resources"),
        related=("plan__city",),
    ),
    Kind(
        "toolbox",
        _("Toolbox"),
        ToolboxResource,
        city="city",
        title=("title",),
        body=("description",),
        related=("city",),
    ),
    Kind(
        "event",
        _("Network events"),
        NetworkEvent,
        city="host_city",
        title=("title",),
        summary=("topic",),
        body=("summary",),
        names=("place",),
        related=("host_city",),
        url=_event_url,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def words_of(text: str) -> list[str]:
    """The words of a query, lower-case and without accents: "Città  Qubì!" → [citta, qubi]."""
    folded = (strip_accents(text[:MAX_QUERY_LENGTH]) or "").lower()
    return re.findall(r"\w+", folded)


@dataclass(frozen=True)
class Match:
    kind: Kind
    pk: int
    rank: float
    city_id: int | None
    theme_ids: frozenset[int] = frozenset()


@dataclass
class Hit:
    """A result as a page or the API shows it."""

    kind: Kind
    record: Model
    rank: float
    snippet: SafeString
    city: City | None
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    """Every match, ranked, and the counts per kind, city and theme for the filters.

    Each facet counts the matches the *other* filters leave (the kinds under the
    chosen city and theme, …), so choosing one shows how the others split.
    """

    query: str
    matches: list[Match] = field(default_factory=list)
    kind_facets: list[Facet] = field(default_factory=list)
    city_facets: list[Facet] = field(default_factory=list)
    theme_facets: list[Facet] = field(default_factory=list)

    def page(self, number: int | str | None, per_page: int = RESULTS_PER_PAGE) -> Page:
        """One page of results, its `object_list` the hits with their snippets."""
        page = Paginator(self.matches, per_page).get_page(number)
        page.object_list = hits(list(page.object_list), self.query)
        return page


def search(text: str, *, kind: str = "", city: str = "", theme: str = "") -> SearchResults:
    """Public records matching `text`, best first; `kind`, `city` and `theme` (slugs)
    narrow them. An unknown or private city or theme leaves nothing."""
    # PostgreSQL refuses NUL in a string; nobody searches for one.
    query = " ".join(text.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if not words_of(query):
        return SearchResults(query)
    matches = _with_themes(_matches(query))
    matches.sort(key=lambda match: (-match.rank, KINDS.index(match.kind), match.pk))
    cities = {
        row.pk: row
        for row in City.objects.public().filter(pk__in={m.city_id for m in matches if m.city_id})
    }
    theme_ids = set().union(*(m.theme_ids for m in matches))
    themes = {row.pk: row for row in Theme.objects.public().filter(pk__in=theme_ids)}
    city_pk = next((pk for pk, row in cities.items() if row.slug == city), None)
    theme_pk = next((pk for pk, row in themes.items() if row.slug == theme), None)
    if (city and city_pk is None) or (theme and theme_pk is None):
        matches = []
    keeps: dict[str, Callable[[Match], bool]] = {
        "kind": lambda m: not kind or m.kind.key == kind,
        "city": lambda m: city_pk is None or m.city_id == city_pk,
        "theme": lambda m: theme_pk is None or theme_pk in m.theme_ids,
    }

    def kept_by_all_but(facet: str) -> list[Match]:
        return [m for m in matches if all(keep(m) for name, keep in keeps.items() if name != facet)]

    kind_counts = Counter(m.kind.key for m in kept_by_all_but("kind"))
    city_counts = Counter(m.city_id for m in kept_by_all_but("city") if m.city_id in cities)
    theme_counts = Counter(pk for m in kept_by_all_but("theme") for pk in m.theme_ids)
    return SearchResults(
        query,
        matches=[m for m in matches if all(keep(m) for keep in keeps.values())],
        kind_facets=[
            Facet(each.key, str(each.label), kind_counts[each.key])
            for each in KINDS
            if kind_counts[each.key]
        ],
        city_facets=_facets(cities, city_counts, label=lambda row: row.name),
        theme_facets=_facets(themes, theme_counts, label=str),
    )


def _facets(rows: dict[int, Any], counts: Counter, *, label: Callable[[Any], str]) -> list[Facet]:
    """One facet per counted row, by its slug, in reading order of its label."""
    facets = [Facet(rows[pk].slug, label(rows[pk]), count) for pk, count in counts.items()]
    return sorted(facets, key=lambda facet: (strip_accents(facet.label) or "").lower())


def _with_themes(matches: list[Match]) -> list[Match]:
    """`matches` with the themes of those whose kind has themes (one query per kind)."""
    themes: dict[tuple[str, int], set[int]] = {}
    for kind in KINDS:
        pks = [m.pk for m in matches if m.kind is kind]
        if kind.themes and pks:
            rows = kind.model.objects.filter(pk__in=pks, **{f"{kind.themes}__isnull": False})
            for pk, theme_pk in rows.values_list("pk", kind.themes):
                themes.setdefault((kind.key, pk), set()).add(theme_pk)
    return [replace(m, theme_ids=frozenset(themes.get((m.kind.key, m.pk), ()))) for m in matches]


def _matches(query: str) -> list[Match]:
    """Every kind's matches, in one query (a UNION ALL: one round trip, not nine)."""
    selects = []
    for index, kind in enumerate(KINDS):
        if connection.vendor == "postgresql":
            records = _postgresql_matches(kind.records(), kind, query)
        else:
            records = _sqlite_matches(kind.records(), kind, words_of(query))
        selects.append(
            records.annotate(search_city=F(kind.city), search_kind=Value(index))
            .values_list("pk", "search_rank", "search_city", "search_kind")
            .order_by()  # a model's default order is not allowed inside a UNION (SQLite)
        )
    union = selects[0].union(*selects[1:], all=True)
    return [
        Match(KINDS[kind_index], pk, float(rank), city_id)
        for pk, rank, city_id, kind_index in union
    ]


# PostgreSQL


def _folded(column: str) -> Func:
    return Unaccent(F(column))


def _document(kind: Kind) -> SearchVector | CombinedExpression:
    """The record's searchable text: each language under its configuration, names as
    they are, every column without accents, weighed A, B, C."""
    vectors: list[Any] = []
    for weight in ("A", "B", "C"):
        fields = {"A": kind.title, "B": kind.summary, "C": kind.body}[weight]
        for language, config in CONFIGS.items():
            columns = [_folded(f"{name}_{language}") for name in fields]
            if columns:
                vectors.append(SearchVector(*columns, config=config, weight=weight))
    if kind.names:
        names = [_folded(name) for name in kind.names]
        vectors.append(SearchVector(*names, config="simple", weight="A"))
    return reduce(lambda left, right: left + right, vectors)


def _query(query: str, *, accented: bool = False) -> SearchQuery:
    """The query under every configuration (any may match), without accents; with
    `accented`, also as typed (ts_headline matches the text as it is written)."""
    texts = [strip_accents(query) or ""] + ([query] if accented else [])
    parsed = [
        SearchQuery(text, config=config, search_type="websearch")
        for text in texts
        for config in (*CONFIGS.values(), "simple")
    ]
    return reduce(or_, parsed)


def _postgresql_matches(records: QuerySet, kind: Kind, query: str) -> QuerySet:
    document = _document(kind)
    parsed = _query(query)
    return (
        records.annotate(search_document=document)
        .filter(search_document=parsed)
        .annotate(search_rank=SearchRank(document, parsed))
    )


class _JoinNonEmpty(Func):
    """PostgreSQL's concat_ws: the texts with a separator, skipping NULLs."""

    function = "CONCAT_WS"


def _shown_text(name: str) -> Func:
    """A translated column as the page shows it: the active language, else Italian."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = get_language() or default
    shown = NullIf(F(f"{name}_{language}"), Value(""))
    if language == default:
        return shown
    return Coalesce(shown, NullIf(F(f"{name}_{default}"), Value("")))


def _postgresql_snippet(kind: Kind, query: str) -> SearchHeadline:
    """ts_headline of the record's shown text, read with the record itself."""
    fields = kind.snippet_fields()
    language = get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    texts = [
        NullIf(F(name), Value("")) if name in kind.names else _shown_text(name) for name in fields
    ]
    text: Any = _JoinNonEmpty(Value(" · "), *texts)
    for mark in (MARK_START, MARK_STOP):
        text = Replace(text, Value(mark), Value(""))
    return SearchHeadline(
        text,
        _query(query, accented=True),
        config=CONFIGS.get(language, "simple"),
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _marked(headline: str | None) -> SafeString:
    """ts_headline's text, escaped, with its marks as <mark>."""
    html = escape(headline or "").replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped on the line above


# SQLite


def _sqlite_matches(records: QuerySet, kind: Kind, words: list[str]) -> QuerySet:
    """Records where every word occurs in some column, ranked by where it occurs."""
    rank: Any = Value(0.0)
    for word in words:
        anywhere = Q()
        for weight, points in WEIGHTS.items():
            found = reduce(
                or_,
                (Q(**{f"{column}__unaccent__icontains": word}) for column in kind.columns(weight)),
                Q(),
            )
            if found:
                anywhere |= found
                rank += Case(When(found, then=Value(points)), default=Value(0.0))
        records = records.filter(anywhere)
    return records.annotate(search_rank=ExpressionWrapper(rank, output_field=FloatField()))


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` lower-case without accents, and for each of its characters the index
    of the character of `text` it comes from ("ß" gives "ss", both from one)."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        part = (strip_accents(char) or "").lower()
        folded.append(part)
        origins.extend([index] * len(part))
    return "".join(folded), origins


def highlight(text: str, words: Iterable[str]) -> SafeString:
    """A piece of `text` around the first of `words`, each occurrence in <mark>, blind
    to accents and case: the SQLite snippet."""
    folded, origins = _fold_with_positions(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        for found in re.finditer(re.escape(word), folded):
            spans.append((origins[found.start()], origins[found.end() - 1] + 1))
    spans.sort()
    start = 0
    if spans and spans[0][0] > SNIPPET_CHARACTERS // 3:
        start = text.rfind(" ", 0, spans[0][0] - SNIPPET_CHARACTERS // 3) + 1
    end = start + SNIPPET_CHARACTERS
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + SNIPPET_CHARACTERS // 2)
    parts = ["… "] if start else []
    position = start
    for span_start, span_stop in spans:
        if span_start < position or span_start >= end:
            continue
        parts += [escape(text[position:span_start]), "<mark>", escape(text[span_start:span_stop])]
        parts.append("</mark>")
        position = span_stop
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 — every piece escaped


# The page of results


def hits(matches: list[Match], query: str) -> list[Hit]:
    """The records of `matches`, in their order, with title, link, city and snippet."""
    by_kind: dict[Kind, list[int]] = {}
    for match in matches:
        by_kind.setdefault(match.kind, []).append(match.pk)
    records: dict[tuple[str, int], Model] = {}
    snippets: dict[tuple[str, int], SafeString] = {}
    postgresql = connection.vendor == "postgresql"
    for kind, pks in by_kind.items():
        rows = kind.records().select_related(*kind.related).filter(pk__in=pks)
        if postgresql and kind.snippet_fields():
            rows = rows.annotate(search_snippet=_postgresql_snippet(kind, query))
        for record in rows:
            records[kind.key, record.pk] = record
            if hasattr(record, "search_snippet"):
                snippets[kind.key, record.pk] = _marked(record.search_snippet)
    result = []
    for match in matches:
        record = records.get((match.kind.key, match.pk))
        if record is None:  # unpublished between the two queries
            continue
        snippet = snippets.get((match.kind.key, match.pk))
        if snippet is None:
            text = " · ".join(
                value for name in match.kind.snippet_fields() if (value := getattr(record, name))
            )
            snippet = highlight(text, words_of(query)) if text else mark_safe("")
        city = _city_of(record, match.kind)
        result.append(
            Hit(
                match.kind,
                record,
                match.rank,
                snippet,
                city if city is not None and city.is_published else None,
                title=str(record),
                url=match.kind.url(record),
            )
        )
    return result


def _city_of(record: Model, kind: Kind) -> City | None:
    if isinstance(record, City):
        return None  # a city is its own place
    value: Any = record
    for hop in kind.city.split("__"):
        value = getattr(value, hop, None)
    return value if isinstance(value, City) else None
