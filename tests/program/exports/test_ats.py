"""Lever candidates and Greenhouse applications, read record by record."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_tui.program.exports import Candidacy, ExportError, read_export
from advocacy_tui.program.exports.lever import split_sources

from .fixtures import ANN_ASSET1, BEN_ASSET2, LEVER_HEADER, greenhouse_csv, lever_csv, write_csv


def test_lever_rows_with_a_lever_source_tracking_value(tmp_path):
    batch = read_export(lever_csv(tmp_path), "lever")
    assert batch.records == (
        Candidacy(
            ats="lever", applied_on=date(2026, 5, 4), source="LinkedIn",
            sources=("LinkedIn", ANN_ASSET1), tracking_value=ANN_ASSET1,  # lever-source=...
            referrer_name=None, employee_referral=False, job_title="Data Engineer", job_id="post-9",
            candidate_id="prof-1", application_id="app-1", stage="New applicant", row=2,
        ),
        Candidacy(
            ats="lever", applied_on=date(2026, 5, 6), source="Employee Referral",
            sources=("Employee Referral",), tracking_value=None,
            referrer_name=None, employee_referral=True, job_title="Data Engineer", job_id="post-9",
            candidate_id="prof-2", application_id="app-2", stage="Phone screen", row=3,
        ),
        Candidacy(
            # No Applied At: Created At stands in; no Sources: the Origin is the source.
            ats="lever", applied_on=date(2026, 5, 7), source="sourced",
            sources=(), tracking_value=None,
            referrer_name=None, employee_referral=False, job_title="Designer", job_id="post-7",
            candidate_id="prof-3", application_id="app-3", stage="Reached out", row=4,
        ),
    )
    assert batch.warnings == ("1 row had no Applied At (GMT); its Created At (GMT) date is used.",)


def test_lever_sources_are_split_trimmed_and_deduplicated():
    assert split_sources(" LinkedIn ,, Referral, LinkedIn,") == ("LinkedIn", "Referral")
    assert split_sources(None) == ()


def test_a_lever_date_in_another_format_is_refused(tmp_path):
    row = ["Gus", "prof-4", "app-4", "post-9", "Data Engineer", "Lead", "applied", "LinkedIn",
           "04/05/2026 13:22", "", "", "New applicant", "", "false", "false", "false", "false"]
    path = write_csv(tmp_path / "lever.csv", [LEVER_HEADER, row])
    with pytest.raises(ExportError) as raised:
        read_export(path, "lever")
    assert str(raised.value) == (
        'lever.csv, row 2, column "Applied At (GMT)": "04/05/2026 13:22" is not a date (YYYY-MM-DD HH:MM:SS)'
    )


def test_greenhouse_rows_with_a_referrer_or_a_tracked_source_name(tmp_path):
    batch = read_export(greenhouse_csv(tmp_path), "greenhouse")
    assert batch.records == (
        Candidacy(
            ats="greenhouse", applied_on=date(2026, 5, 4), source=f"Advocate link {BEN_ASSET2}",
            sources=(f"Advocate link {BEN_ASSET2}",), tracking_value=BEN_ASSET2,
            referrer_name=None, employee_referral=False, job_title="Data Engineer", job_id=None,
            candidate_id="1001", application_id=None, stage="Active", row=2,
        ),
        Candidacy(
            ats="greenhouse", applied_on=date(2026, 5, 6), source="Referral",  # "5/6/2026"
            sources=("Referral",), tracking_value=None,
            referrer_name="Ann Archer", employee_referral=True, job_title="Designer", job_id=None,
            candidate_id="1002", application_id=None, stage="Hired", row=3,
        ),
        Candidacy(
            ats="greenhouse", applied_on=date(2026, 5, 7), source="Indeed",  # ISO
            sources=("Indeed",), tracking_value=None,
            referrer_name=None, employee_referral=False, job_title="Designer", job_id=None,
            candidate_id="1003", application_id=None, stage="Rejected", row=4,
        ),
    )
    assert batch.warnings == ()


def test_greenhouse_report_with_other_column_names_and_a_strategy(tmp_path):
    rows = [
        ["Application ID", "Candidate ID", "Applied On", "Source Strategy", "Source Name", "Referrer Name",
         "Job Name", "Job ID", "Current Stage"],
        ["A-1", "C-1", "2026-05-08 10:00", "Referral", "Employee Referral", "", "Designer", "REQ-12", "Offer"],
    ]
    batch = read_export(write_csv(tmp_path / "gh.csv", rows), "greenhouse")
    (record,) = batch.records
    assert record == Candidacy(
        ats="greenhouse", applied_on=date(2026, 5, 8), source="Employee Referral",
        sources=("Referral", "Employee Referral"), tracking_value=None, referrer_name=None,
        employee_referral=True, job_title="Designer", job_id="REQ-12", candidate_id="C-1",
        application_id="A-1", stage="Offer", row=2,
    )
