"""The 17 UN Sustainable Development Goals, reference data every database needs."""

from django.db import migrations

GOALS = [
    (1, "Sconfiggere la povertà", "No poverty"),
    (2, "Sconfiggere la fame", "Zero hunger"),
    (3, "Salute e benessere", "Good health and well-being"),
    (4, "Istruzione di qualità", "Quality education"),
    (5, "Parità di genere", "Gender equality"),
    (6, "Acqua pulita e servizi igienico-sanitari", "Clean water and sanitation"),
    (7, "Energia pulita e accessibile", "Affordable and clean energy"),
    (8, "Lavoro dignitoso e crescita economica", "Decent work and economic growth"),
    (9, "Imprese, innovazione e infrastrutture", "Industry, innovation and infrastructure"),
    (10, "Ridurre le disuguaglianze", "Reduced inequalities"),
    (11, "Città e comunità sostenibili", "Sustainable cities and communities"),
    (12, "Consumo e produzione responsabili", "Responsible consumption and production"),
    (13, "Lotta contro il cambiamento climatico", "Climate action"),
    (14, "Vita sott'acqua", "Life below water"),
    (15, "Vita sulla terra", "Life on land"),
    (16, "Pace, giustizia e istituzioni solide", "Peace, justice and strong institutions"),
    (17, "Partnership per gli obiettivi", "Partnerships for the goals"),
]


def create_goals(apps, schema_editor):
    goal_model = apps.get_model("iap", "SustainableDevelopmentGoal")
    for number, name_it, name_en in GOALS:
        goal_model.objects.update_or_create(
            number=number, defaults={"name": name_it, "name_it": name_it, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("iap", "0001_initial")]

    operations = [migrations.RunPython(create_goals, migrations.RunPython.noop)]
