"""Saved dates come back into the portal's date inputs. <input type="date"> only takes ISO
dates: rendered in the en-GB format ("31/12/2026") the browser shows the field empty, and
the applicant's next "Save draft" would wipe the date (found by the browser journey)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_edit_page_shows_saved_project_dates_in_iso_form(client, applicant):
    application = ApplicationFactory(
        organisation=applicant.test_organisation,
        created_by=applicant,
        project_start=date(2026, 4, 1),
        project_end=date(2026, 12, 31),
    )
    client.force_login(applicant)
    page = client.get(f"/grants/portal/applications/{application.pk}/edit/").content.decode()
    assert 'type="date" name="details-project_start" value="2026-04-01"' in page
    assert 'type="date" name="details-project_end" value="2026-12-31"' in page
