from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fundops.exports import looks_like_formula
from grants import threesixty
from tests.fundops.test_exports import STORED_PAYLOADS

pytestmark = pytest.mark.django_db
BROKEN = Path(__file__).parent / "data" / "dqt-fundingproviders-grants_broken_grants.json"


@pytest.fixture
def awarded(walk, applicant):  # type: ignore[no-untyped-def]
    applicant.test_organisation.company_number = "01234567"
    applicant.test_organisation.registered_postcode = "CV1 2TE"
    applicant.test_organisation.save()
    app = walk.accepted(project_start=date(2026, 1, 5), project_end=date(2026, 9, 30))
    walk.paid_claim(app)
    walk.submitted()  # not awarded: not exported
    return app


def test_export_is_a_valid_360giving_package(awarded, settings):
    result = threesixty.export_build()
    assert result.errors == []
    (grant,) = result.package["grants"]
    assert grant["id"] == f"360G-{settings.GRANTS_360_PREFIX}-{awarded.pk}"
    assert grant["recipientOrganization"][0]["id"] == "GB-COH-01234567"
    assert grant["beneficiaryLocation"] == [
        {"name": "Coventry", "geoCode": "E08000026", "geoCodeType": "LAD", "countryCode": "GB"}
    ]
    assert grant["amountAppliedFor"] == 5000
    assert grant["amountAwarded"] == 5000
    assert grant["amountDisbursed"] == 2000
    assert grant["plannedDates"] == [{"startDate": "2026-01-05", "endDate": "2026-09-30"}]
    assert grant["grantProgramme"][0]["title"] == awarded.call.name


def test_command_writes_json_and_csv(awarded, tmp_path):
    out = tmp_path / "grants.json"
    call_command("export_360giving", "--output", str(out), stdout=io.StringIO())
    package = json.loads(out.read_text())
    assert threesixty.validate_package(package) == []
    out_csv = tmp_path / "grants.csv"
    call_command(
        "export_360giving", "--output", str(out_csv), "--format", "csv", stdout=io.StringIO()
    )
    (row,) = list(csv.DictReader(out_csv.open()))
    assert row["Recipient Org:Identifier"] == "GB-COH-01234567"
    assert row["Amount Awarded"] == "5000"
    assert row["Beneficiary Location:Geographic Code"] == "E08000026"


def test_invalid_export_writes_nothing_and_reports_every_error(
    awarded, tmp_path, monkeypatch, settings
):
    settings.GRANTS_360_FUNDER_ID = "NOT-AN-ORG-ID"
    original = threesixty.grant_build

    def broken(application, disbursed):  # type: ignore[no-untyped-def]
        grant = original(application, disbursed)
        grant["awardDate"] = "24/07/2014"
        return grant

    monkeypatch.setattr(threesixty, "grant_build", broken)
    out = tmp_path / "grants.json"
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("export_360giving", "--output", str(out), stderr=err)
    assert not out.exists()
    assert "awardDate" in err.getvalue()
    assert "unknown org-id prefix" in err.getvalue()


def test_validator_reports_the_known_problems_of_the_broken_file():
    errors = "\n".join(threesixty.validate_package(json.loads(BROKEN.read_text())))
    assert "duplicate id" in errors
    assert "24/07/2014" in errors
    assert "unknown org-id prefix" in errors


def test_power_to_change_sample_validates():
    sample = Path(threesixty.DATA / "ptc-west-midlands-small-grants.json")
    assert threesixty.validate_package(json.loads(sample.read_text())) == []


def test_staff_download_and_applicant_refused(client, awarded, walk, applicant):
    client.force_login(walk.manager)
    response = client.get(reverse("grants:export-json"))
    assert response.status_code == 200
    assert json.loads(response.content)["grants"][0]["amountAwarded"] == 5000
    assert client.get(reverse("grants:export-csv")).status_code == 200
    client.force_login(applicant)
    assert client.get(reverse("grants:export-json")).status_code in {302, 403}


def test_nothing_awarded_yet_is_a_409_with_the_reason_not_a_500(client, fund_manager):
    client.force_login(fund_manager)
    response = client.get(reverse("grants:export-csv"))
    assert response.status_code == 409
    assert "no awarded grants to publish yet" in response.content.decode()


@pytest.mark.parametrize("payload", STORED_PAYLOADS)
def test_applicant_text_in_the_csv_is_never_a_formula(awarded, payload):
    from grants.models import Application

    Application.objects.filter(pk=awarded.pk).update(title=payload, summary=payload)
    result = threesixty.export_build()
    assert result.errors == []
    rows = list(csv.reader(io.StringIO(threesixty.to_csv(result.package))))
    fields = [value for row in rows[1:] for value in row]
    assert any(payload.strip("\x07\x1b") in value for value in fields)
    runnable = [value for value in fields if looks_like_formula(value)]
    assert runnable == []
