"""The Data Package (`datapackage.json`) against the files it describes, by `frictionless`.

The package and the files are downloaded from the site into a folder, as a reuser
would, and validated there: schemas (fields, types), primary keys, foreign keys.
"""

import json
from pathlib import Path

import frictionless
import pytest

from core.open_data import DATASETS
from portal.demo.factories import SSAPartnerFactory
from tests.public_data import populate


@pytest.fixture
def published(milan, sofia):
    populate(milan, sofia, scale=2)
    # A pilot partner with the separators a packed cell used to break on.
    SSAPartnerFactory(small_scale_action__ulg=milan.ulg, stakeholder__name="Rete A / B; C")


def download_package(client, folder: Path, language: str = "it") -> dict:
    response = client.get(f"/{language}/open-data/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    (folder / "datapackage.json").write_bytes(response.content)
    package = response.json()
    for resource in package["resources"]:
        file = client.get(f"/{language}/open-data/{resource['path']}")
        assert file.status_code == 200
        (folder / resource["path"]).write_bytes(b"".join(file.streaming_content))
    return package


def validate(folder: Path) -> frictionless.Report:
    """`frictionless validate datapackage.json`, and the JSON files' rows against the same
    schema: frictionless reads JSON tables only with its `[json]` extra (ijson), which is
    not installed, so each JSON file is handed over as its parsed rows."""
    package = frictionless.Package(str(folder / "datapackage.json"))
    for resource in list(package.resources):
        if resource.format == "json":
            rows = json.loads((folder / resource.path).read_text(encoding="utf-8"))
            package.remove_resource(resource.name)
            package.add_resource(
                frictionless.Resource(name=resource.name, data=rows, schema=resource.schema)
            )
    return package.validate()


def error_types(report: frictionless.Report) -> set[str]:
    return {error.type for task in report.tasks for error in task.errors}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_data_package_validates_against_its_files(client, published, tmp_path, language):
    package = download_package(client, tmp_path, language)

    report = validate(tmp_path)

    assert report.valid, report.to_summary()
    # As a reuser runs it, with plain frictionless (no extras).
    as_published = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert as_published.valid, as_published.to_summary()
    # Every dataset, as CSV and as JSON, each file with rows (or the check proves little).
    assert {resource["path"] for resource in package["resources"]} == {
        f"{slug}.{file_format}" for slug in DATASETS for file_format in ("csv", "json")
    }
    assert all(task.stats["rows"] > 0 for task in report.tasks), report.to_summary()


def test_it_names_licence_keys_and_types(client, published, tmp_path):
    package = download_package(client, tmp_path)
    resources = {resource["name"]: resource for resource in package["resources"]}

    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert all(resource["licenses"] == package["licenses"] for resource in resources.values())
    participations = resources["participations"]["schema"]
    assert participations["primaryKey"] == ["id"]
    to_partnerships = {"resource": "partnerships", "fields": "slug"}
    assert {"fields": "partnership", "reference": to_partnerships} in participations["foreignKeys"]
    measurements = resources["measurements"]["schema"]
    assert measurements["foreignKeys"][0]["reference"] == {
        "resource": "indicators",
        "fields": "id",
    }
    pilot_partners = resources["small-scale-action-partners"]["schema"]
    assert pilot_partners["primaryKey"] == ["small_scale_action", "stakeholder"]
    fields = resources["partnerships"]["schema"]["fields"]
    types = {field["name"]: field["type"] for field in fields}
    assert types["start_date"] == "date"
    assert types["featured"] == "boolean"
    assert types["themes"] == "list"
    # Organisations may hide from the directory, so no key promises they are in it.
    assert "stakeholder" not in {key["fields"] for key in participations["foreignKeys"]}


def test_validation_fails_when_a_file_gains_a_column_not_in_the_schema(client, published, tmp_path):
    download_package(client, tmp_path)
    path = tmp_path / "partnerships.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",secret", *(line + ",x" for line in lines[1:])]) + "\n",
        encoding="utf-8-sig",
    )

    report = validate(tmp_path)

    assert not report.valid
    assert "extra-label" in error_types(report)


def test_validation_fails_when_a_key_points_to_a_missing_record(client, published, tmp_path):
    download_package(client, tmp_path)
    path = tmp_path / "indicators.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(lines[:1]) + "\n", encoding="utf-8-sig")  # header only

    report = validate(tmp_path)

    assert not report.valid
    assert "foreign-key" in error_types(report)


def test_the_open_data_page_links_the_package(client, db):
    page = client.get("/it/open-data/").content.decode()

    assert 'href="/it/open-data/datapackage.json"' in page


def test_validation_reads_the_json_files_too(client, published, tmp_path):
    download_package(client, tmp_path)
    path = tmp_path / "partnerships.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["start_date"] = "spring 2020"
    path.write_text(json.dumps(rows), encoding="utf-8")

    report = validate(tmp_path)

    assert not report.valid
    assert "type-error" in error_types(report)
