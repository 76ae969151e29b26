"""LinkedIn creator analytics (TOP POSTS halves merged by URL) and Page content (XLSX, XLS)."""

from __future__ import annotations

from datetime import date

import pytest

from advocacy_tui.program.exports import CompanyPost, CreatorPost, PersonRef, read_export
from advocacy_tui.program.exports.linkedin_creator import owner_from_file_name

from .fixtures import POST_A, POST_B, POST_C, creator_xlsx, page_old_xls, page_xlsx


def test_top_posts_halves_are_merged_by_url(tmp_path):
    batch = read_export(creator_xlsx(tmp_path), "linkedin-creator")
    assert batch.kind == "xlsx"
    assert batch.records == (
        # Engagements beside it on the left (text "120"), impressions on the right under
        # the same URL with a trailing slash (a number).
        CreatorPost(POST_A, date(2026, 5, 3), impressions=4321, engagements=120, row=4),
        # A real Excel date on both sides; "9,876" as text.
        CreatorPost(POST_B, date(2026, 5, 10), impressions=9876, engagements=45, row=4),
        # On the engagements side only: its impressions are unknown, not 0.
        CreatorPost(POST_C, date(2026, 5, 21), impressions=None, engagements=7, row=6),
    )


def test_the_owner_and_period_come_from_the_file_name(tmp_path):
    batch = read_export(creator_xlsx(tmp_path))
    assert batch.owner == PersonRef(name="Jane Doe", handle="JaneDoe")
    assert (batch.period_start, batch.period_end) == (date(2026, 5, 1), date(2026, 5, 31))
    assert batch.warnings == ()


@pytest.mark.parametrize(
    ("file", "owner", "start", "end"),
    [
        ("Content_2026-05-01_2026-05-31_JaneDoe.xlsx", PersonRef(name="Jane Doe", handle="JaneDoe"), date(2026, 5, 1), date(2026, 5, 31)),
        ("AggregateAnalytics_Jane Doe_2026-05-01_2026-05-31.xlsx", PersonRef(name="Jane Doe", handle="Jane Doe"), date(2026, 5, 1), date(2026, 5, 31)),
        ("Content_2026-05-01_2026-05-31_JaneDoe (1).xlsx", PersonRef(name="Jane Doe", handle="JaneDoe"), date(2026, 5, 1), date(2026, 5, 31)),
        ("Content_2026-05-01_2026-05-31.xlsx", None, date(2026, 5, 1), date(2026, 5, 31)),
        ("my posts.xlsx", None, None, None),  # renamed: no guess
    ],
)
def test_owner_from_file_name(file, owner, start, end):
    assert owner_from_file_name(file) == (owner, start, end)


def test_a_creator_file_that_names_no_one_says_so(tmp_path):
    batch = read_export(creator_xlsx(tmp_path, name="my posts.xlsx"))
    assert batch.owner is None
    assert any("--advocate EMAIL" in warning for warning in batch.warnings)


def test_page_posts_from_xlsx_with_a_banner_row(tmp_path):
    batch = read_export(page_xlsx(tmp_path), "linkedin-page")
    assert batch.records == (
        CompanyPost(
            url="https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000101",
            title="We're hiring data engineers", created_on=date(2026, 5, 2),
            post_type="Organic", content_type="Image", campaign_name=None, posted_by="Pat Page",
            audience="All followers", impressions=10000, views=0, offsite_views=0, clicks=250,
            likes=180, comments=12, reposts=8, follows=5,
            click_through_rate=pytest.approx(0.025), engagement_rate=pytest.approx(0.0455),
            approximate=(), row=3,
        ),
        CompanyPost(
            url="https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000102",
            title="Meet the design team", created_on=date(2026, 5, 9),
            post_type="Sponsored", content_type="Video", campaign_name="Spring hiring", posted_by="Pat Page",
            audience="Targeted", impressions=3000, views=1200, offsite_views=40, clicks=20,
            likes=15, comments=1, reposts=0, follows=2,
            click_through_rate=0.005, engagement_rate=pytest.approx(0.0127),  # "< 1%"
            approximate=("click_through_rate",), row=4,
        ),
    )
    assert batch.records[0].engagements == 250 + 180 + 12 + 8 + 5


def test_an_older_page_file_saved_as_real_xls_with_the_old_names(tmp_path):
    batch = read_export(page_old_xls(tmp_path), "linkedin-page")
    assert batch.kind == "xls"
    assert batch.records == (
        CompanyPost(
            url="https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000201",
            title="Our new office", created_on=date(2023, 11, 30),  # "Update title/link"
            post_type="Organic", content_type=None, campaign_name=None, posted_by="Pat Page",
            audience="All followers", impressions=5000, views=0, offsite_views=0, clicks=100,
            likes=60, comments=4, reposts=3, follows=1,  # "Shares" read as reposts
            click_through_rate=0.02, engagement_rate=0.0336,  # numeric cells: fractions
            approximate=(), row=3,
        ),
        CompanyPost(
            url="https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000202",
            title="Year in review", created_on=date(2023, 12, 15),
            post_type="Organic", content_type=None, campaign_name=None, posted_by="Pat Page",
            audience="All followers", impressions=1500, views=0, offsite_views=0, clicks=9,
            likes=20, comments=0, reposts=2, follows=0,
            click_through_rate=0.005, engagement_rate=pytest.approx(0.0207),
            approximate=("click_through_rate",), row=4,
        ),
    )
