from datetime import date

from advocacy_tui.program.audit import audit_window, engagement_quality, format_quality, is_candidate


def test_quality_divides_engagement_by_network_not_followers():
    # 90 reactions+comments+shares on a 300-person network beats 300 on 30,000.
    expert = engagement_quality(90, 300)
    executive = engagement_quality(300, 30_000)
    assert expert == 0.3
    assert executive == 0.01
    assert expert > executive


def test_zero_network_size_has_no_quality_rather_than_a_division_error():
    assert engagement_quality(50, 0) is None
    assert format_quality(None) == "—"


def test_no_signals_means_zero_quality_and_never_a_candidate():
    assert engagement_quality(0, 500) == 0.0
    assert not is_candidate(rank=1, quality=0.0, engagement=0, top_n=40)


def test_only_the_top_n_with_engagement_are_candidates():
    assert is_candidate(rank=40, quality=0.1, engagement=5, top_n=40)
    assert not is_candidate(rank=41, quality=0.1, engagement=5, top_n=40)
    assert not is_candidate(rank=1, quality=None, engagement=5, top_n=40)


def test_window_is_ninety_days_inclusive():
    start, end = audit_window(date(2026, 11, 25))
    assert (end - start).days == 89
    assert end == date(2026, 11, 25)
