"""The SDGs move from `iap` to `partnerships` (3 of 3), and partnerships get SDGs.

The table takes this app's default name. Both SQLite (3.26 and later, which Django
5.2 requires) and PostgreSQL keep the foreign keys of `iap_priority_sdgs` pointing at
the renamed table, so the rename is safe and leaves no `db_table` to explain later.

The content type moves with the model, so the permissions given to groups and users,
and the admin log entries, keep pointing at it.
"""

from django.db import migrations, models

MODEL = 'sustainabledevelopmentgoal'


def move_content_type(from_app, to_app):
    def move(apps, schema_editor):
        content_type = apps.get_model('contenttypes', 'ContentType')
        # On a fresh database the content types do not exist yet (post_migrate makes
        # them); if the new one already exists, the old one is merely left stale.
        if not content_type.objects.filter(app_label=to_app, model=MODEL).exists():
            content_type.objects.filter(app_label=from_app, model=MODEL).update(app_label=to_app)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('iap', '0006_sdgs_move_to_partnerships'),
        ('partnerships', '0008_sustainabledevelopmentgoal'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='sustainabledevelopmentgoal',
            table=None,
        ),
        migrations.RunPython(
            move_content_type('iap', 'partnerships'), move_content_type('partnerships', 'iap')
        ),
        migrations.AddField(
            model_name='partnership',
            name='sdgs',
            field=models.ManyToManyField(blank=True, related_name='partnerships', to='partnerships.sustainabledevelopmentgoal', verbose_name='UN SDGs'),
        ),
    ]
