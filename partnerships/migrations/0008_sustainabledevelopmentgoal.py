"""The SDGs move from `iap` to `partnerships` (1 of 3): the model enters this app's state.

State only: the table `iap_sustainabledevelopmentgoal` and its rows stay where they
are; `iap.0006` then repoints `Priority.sdgs` and drops the model from iap's state,
and `0009` renames the table.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0007_honest_facts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SustainableDevelopmentGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(17)], verbose_name='number')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('name_it', models.CharField(max_length=120, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=120, null=True, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'Sustainable Development Goal',
                        'verbose_name_plural': 'Sustainable Development Goals',
                        'ordering': ['number'],
                        'db_table': 'iap_sustainabledevelopmentgoal',
                    },
                ),
            ],
        ),
    ]
