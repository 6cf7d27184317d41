"""The SDGs move from `iap` to `partnerships` (2 of 3): state only, no row is touched.

`Priority.sdgs` now points at `partnerships.SustainableDevelopmentGoal`; its through
table (`iap_priority_sdgs`, columns `priority_id` and `sustainabledevelopmentgoal_id`)
keeps its name, columns and rows, because both are derived from names that do not
change. The old model leaves iap's state without dropping its table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('iap', '0005_honest_facts'),
        ('partnerships', '0008_sustainabledevelopmentgoal'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='priority',
                    name='sdgs',
                    field=models.ManyToManyField(blank=True, related_name='priorities', to='partnerships.sustainabledevelopmentgoal', verbose_name='UN SDGs'),
                ),
                migrations.DeleteModel(
                    name='SustainableDevelopmentGoal',
                ),
            ],
        ),
    ]
