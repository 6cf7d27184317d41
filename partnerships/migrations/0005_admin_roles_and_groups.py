"""Create the role groups (network administrators, city coordinators, account managers).

A fresh database must have them before the first `grant_city_role`.
"""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    # The live models are read on purpose: permissions follow each model's
    # `city_path`, which historical migration models do not carry.
    from partnerships.roles import sync_role_groups

    sync_role_groups()


def delete_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(
        name__in=["Network administrators", "City coordinators", "Account managers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0004_safe_uploads"),
        ("ulg", "0001_initial"),
        ("iap", "0004_safe_uploads"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
