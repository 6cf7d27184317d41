"""Change history (django-simple-history) for every model of an app.

Registered from each app's `ready()` rather than with a `HistoricalRecords()`
field: django-modeltranslation adds the `*_it`/`*_en` columns during its own
`ready()`, which runs first, so registering afterwards makes the history record
every language, not only the default one.
"""

from django.apps import AppConfig
from simple_history import register


def register_history(app_config: AppConfig, *, exclude: tuple[str, ...] = ()) -> None:
    # list(): registering adds the historical models to the app while we iterate.
    for model in list(app_config.get_models()):
        if model._meta.object_name not in exclude:
            register(model, app=app_config.label)
