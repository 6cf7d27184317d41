from django.db import migrations, models


class Migration(migrations.Migration):
    """A stable key for network events, so loading the real data twice finds them again."""

    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="networkevent",
            name="slug",
            field=models.SlugField(default="", max_length=120, unique=True, verbose_name="slug"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalnetworkevent",
            name="slug",
            field=models.SlugField(db_index=True, default="", max_length=120, verbose_name="slug"),
            preserve_default=False,
        ),
    ]
