"""The SDGs' move from `iap` to `partnerships` keeps every goal and every priority's link."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partnerships", "0007_honest_facts"), ("iap", "0005_honest_facts")]
AFTER = [
    ("partnerships", "0009_sustainabledevelopmentgoal_table_and_partnership_sdgs"),
    ("iap", "0006_sdgs_move_to_partnerships"),
]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """The test leaves the schema of its targets; later migrations (and their tables)
    come back for the tests that run after it in this process."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# Transactional: migrations cannot run inside the test's transaction. The serialized
# rollback puts back the seeded SDGs that the flush after the test would remove.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sdg_linked_to_a_priority_survives_the_move_to_partnerships(back_to_the_latest_schema):
    old = migrate(BEFORE)
    network = old.get_model("partnerships", "Network").objects.create(name="Probe network")
    city = old.get_model("partnerships", "City").objects.create(
        network=network, name="Probe", slug="probe", country="IT"
    )
    priority = old.get_model("iap", "Priority").objects.create(city=city, title="Schools")
    old_goals = old.get_model("iap", "SustainableDevelopmentGoal").objects
    priority.sdgs.add(*old_goals.filter(number__in=[4, 11]))
    goal_ids = dict(old_goals.values_list("number", "pk"))

    new = migrate(AFTER)

    new_goals = new.get_model("partnerships", "SustainableDevelopmentGoal").objects
    assert dict(new_goals.values_list("number", "pk")) == goal_ids
    moved = new.get_model("iap", "Priority").objects.get(pk=priority.pk)
    assert sorted(moved.sdgs.values_list("number", flat=True)) == [4, 11]
    assert new_goals.get(number=4).name_en == "Quality education"
