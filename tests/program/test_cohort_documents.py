"""Step 3's documents: the brief, the invitation and the orientation agenda."""

from datetime import date

from advocacy_tui.program.cohort_documents import (
    InvitationSignal,
    department_brief,
    invitation,
    orientation_agenda,
)
from advocacy_tui.program.profile import RUBRIC_SCALE
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.program.vocabulary import DIMENSION_LABELS, DIMENSION_QUESTIONS

TODAY = date(2026, 11, 23)
SIGNAL = InvitationSignal(
    kind="post", source="linkedin", occurred_on=date(2026, 11, 2), impressions=4200,
    reactions=57, comments=14, shares=6, url="https://www.linkedin.com/posts/ada-1",
)


def test_the_brief_has_goals_profile_rubric_and_the_ask():
    brief = department_brief(Thresholds(consistent_min=3, max_spread=2), TODAY, company="Acme",
                             max_size=18, coordinator="Priya (People team)")
    assert brief.startswith("# Employee advocacy: a brief for department heads")
    assert "## What the program is for" in brief and "Acme" in brief
    for label, question in zip(DIMENSION_LABELS.values(), DIMENSION_QUESTIONS.values()):
        assert f"**{label}**: {question}" in brief
    for mark, meaning in RUBRIC_SCALE:
        assert f"| {mark} | {meaning} |" in brief
    assert "at least 3, no two more than 2 apart" in brief
    assert "**Nominate one or two people" in brief
    assert "Priya (People team)" in brief
    assert "10 to 18 advocates" in brief
    assert "not nominate by seniority" in brief


def test_the_invitation_names_the_real_signal():
    text = invitation("Ada Lovelace", "Staff Engineer", SIGNAL, TODAY, company="Acme", coordinator="Priya")
    assert "Dear Ada Lovelace," in text
    assert "your post on LinkedIn on 2 November 2026" in text
    assert "77 engagements (57 reactions, 14 comments, 6 shares) and was seen 4,200 times" in text
    assert "<https://www.linkedin.com/posts/ada-1>" in text
    assert "as Staff Engineer" in text
    assert "20 to 30 minutes a week" in text and "30-minute orientation" in text
    assert "reply to Priya" in text


def test_the_invitation_words_each_kind_and_source():
    for kind, source, phrase in [
        ("share", "platform", "share of our content on our advocacy platform"),
        ("answer", "internal", "answer in our internal channels"),
        ("mention", "linkedin", "mention of us on LinkedIn"),
        ("tag", "linkedin", "post tagging us on LinkedIn"),
    ]:
        signal = InvitationSignal(kind, source, date(2026, 10, 1), 0, 1, 0, 0)
        text = invitation("Bo", "", signal, TODAY)
        assert phrase in text
        assert "1 engagement (1 reaction, 0 comments, 0 shares)." in text
        assert "was seen" not in text and " as " not in text.split("What it involves")[0].split("support it")[1]


def test_an_invitation_without_a_signal_invents_nothing():
    text = invitation("Cy", "Analyst", None, TODAY)
    assert "We noticed" not in text
    assert "audit" in text and "engagement" not in text.split("What it involves")[0].replace("engages", "")


def test_the_agenda_covers_the_guides_five_topics_and_the_disclosure():
    agenda = orientation_agenda(TODAY, company="Acme", disclosure="#AcmeEmployee — I work at Acme.",
                                weekday="tuesday", per_drop=4, inactivity_days=10)
    for heading in ("Program goals", "Time expectations", "Content guidelines",
                    "Disclosure requirements", "What recognition looks like"):
        assert f"| {heading} |" in agenda or heading in agenda
    assert "20 to 30 minutes a week" in agenda
    assert "> #AcmeEmployee — I work at Acme." in agenda
    assert "Every Tuesday" in agenda and "up to 4" in agenda and "10 days" in agenda
    assert "30-day posting streak" in agenda
    assert "Opt in explicitly" in agenda


def test_the_agenda_without_a_configured_disclosure_still_requires_one():
    agenda = orientation_agenda(TODAY)
    assert "must make clear that you work here" in agenda
    assert "\n> " not in agenda
