"""What is public: the one place the publication rule lives.

A record is public when it is published itself *and* so is every record it hangs
from: a partnership in a draft city is not public, nor is a pilot project of a draft
ULG. Every public surface (pages, API, open data, feeds, sitemaps, numbers) reads
records through `QuerySet.public()`, which asks `public_filter` here; none writes
the parent checks by hand, so the surfaces cannot disagree.

A model takes part by declaring, like `city_path` for scoping:

- `publication_parents`: the ORM lookups from the model to each record whose
  publication it depends on, e.g. `("ulg", "ulg__city")` for a pilot project;
- `publication_rule` (optional): the lookups that make the record itself public
  when that is not `publication_status == "published"`, e.g.
  `{"listing_consent": True}` for an organisation in the public directory.

A model without a publication status and without a rule (a participation, a theme)
is public by its parents alone, or always if it declares none. A parent's own rule
applies through the path, so a record hanging from an organisation needs its
listing consent. core imports no domain app: the rule is read from the models.
"""

from __future__ import annotations

from django.db.models import Model, Q

# The value of `PublicationStatus.PUBLISHED`, repeated here because core may not
# import the domain app that defines it.
PUBLISHED = "published"


def own_rule(model: type[Model]) -> dict[str, object]:
    """The lookups that make a record of `model` public by itself."""
    rule = getattr(model, "publication_rule", None)
    if rule is not None:
        return dict(rule)
    if any(field.name == "publication_status" for field in model._meta.get_fields()):
        return {"publication_status": PUBLISHED}
    return {}


def model_at(model: type[Model], path: str) -> type[Model]:
    """The model reached from `model` by the ORM lookup `path` ("ulg__city" → City)."""
    for hop in path.split("__"):
        related = model._meta.get_field(hop).related_model
        if not isinstance(related, type):  # None: `hop` is no relation
            raise ValueError(f"{path!r} is not a path of relations from {model.__name__}")
        model = related
    return model


def public_filter(model: type[Model], through: str = "") -> Q:
    """The condition for a record of `model` to be public.

    `through` is the lookup leading to `model` from the queryset being filtered,
    for annotations and prefetches ("participations" from an organisation).
    """
    conditions = own_rule(model)
    for path in getattr(model, "publication_parents", ()):
        parent_rule = own_rule(model_at(model, path))
        conditions.update({f"{path}__{lookup}": value for lookup, value in parent_rule.items()})
    prefix = f"{through}__" if through else ""
    return Q(**{f"{prefix}{lookup}": value for lookup, value in conditions.items()})
