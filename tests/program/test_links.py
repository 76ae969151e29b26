"""Tracked links: UTM parameters are appended without damaging the coordinator's link."""

from __future__ import annotations

import string
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_tui.program.links import (
    MEDIUM_DEFAULT,
    TrackedLink,
    hashtag_problem,
    link_problem,
    parse_utm_content,
    shortener_of,
    tracked_link,
    utm_content,
)

ADVOCATE = "abcdefgh"
ASSET = "234567ab"
CONTENT = f"{ADVOCATE}-{ASSET}"
UTM_NAMES = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


def track(link: str, *, campaign: str = "spring", platform: str = "linkedin") -> TrackedLink:
    return tracked_link(
        link,
        platform=platform,
        medium=MEDIUM_DEFAULT,
        campaign=campaign,
        advocate_token=ADVOCATE,
        asset_token=ASSET,
    )


TAIL = f"utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=spring&utm_content={CONTENT}"


# --- tracked_link: examples -------------------------------------------------------------


def test_plain_link_gets_the_four_parameters_in_order():
    result = track("https://example.com/blog/post")
    assert result == TrackedLink(f"https://example.com/blog/post?{TAIL}", ())


def test_with_lever_configured_career_links_also_carry_lever_source():
    link = tracked_link(
        "https://jobs.lever.co/example/1234?lever-origin=applied", platform="linkedin", medium=MEDIUM_DEFAULT,
        campaign="spring", advocate_token=ADVOCATE, asset_token=ASSET, ats="lever",
    )
    query = dict(parse_qsl(urlsplit(link.url).query))
    assert query["lever-source"] == CONTENT == query["utm_content"]
    assert query["lever-origin"] == "applied"
    # Without it (the default, "none") no Lever parameter is added.
    assert "lever-source" not in track("https://jobs.lever.co/example/1234").url


def test_existing_query_is_kept_byte_for_byte_and_in_order():
    link = "https://example.com/p?b=2&a=%7e1&c=x+y&flag&empty=&z=%2F"
    result = track(link)
    assert result.url == f"{link}&{TAIL}"
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://example.com/p?", f"https://example.com/p?{TAIL}"),
        ("https://example.com/p?a=1&", f"https://example.com/p?a=1&{TAIL}"),
        ("https://example.com/p?#top", f"https://example.com/p?{TAIL}#top"),
    ],
)
def test_bare_question_mark_or_trailing_ampersand_adds_no_empty_pair(link, expected):
    url = track(link).url
    assert url == expected
    assert "?&" not in url and "&&" not in url


def test_fragment_is_kept_at_the_end():
    result = track("https://example.com/docs?x=1#section-2?not=query&a")
    assert result.url == f"https://example.com/docs?x=1&{TAIL}#section-2?not=query&a"


def test_empty_fragment_is_kept():
    assert track("https://example.com/#").url == f"https://example.com/?{TAIL}#"


def test_scheme_userinfo_host_port_and_path_are_unchanged():
    link = "HTTPS://User:p%40ss@Example.COM:8443/a%2Fb/c;v=1/"
    assert track(link).url == f"{link}?{TAIL}"


def test_existing_utm_parameter_is_kept_with_a_warning():
    result = track("https://example.com/?utm_source=newsletter&id=7")
    assert result.url == (
        "https://example.com/?utm_source=newsletter&id=7"
        f"&utm_medium=employee_advocacy&utm_campaign=spring&utm_content={CONTENT}"
    )
    assert result.warnings == (
        "The link already sets utm_source; it was kept, so this share may be attributed "
        "to that source.",
    )


@pytest.mark.parametrize("name", ["UTM_Source", "utm%5Fsource", "utm_SOURCE", "%75tm_source"])
def test_existing_utm_name_is_compared_decoded_and_case_insensitively(name):
    link = f"https://example.com/?{name}=newsletter"
    result = track(link)
    assert "utm_source=linkedin" not in result.url
    assert result.url.startswith(link + "&utm_medium=")
    assert any("already sets utm_source" in warning for warning in result.warnings)


def test_several_existing_utm_parameters_are_named_in_one_warning():
    result = track("https://example.com/?utm_medium=email&utm_content=someone-else")
    assert result.url == (
        "https://example.com/?utm_medium=email&utm_content=someone-else"
        "&utm_source=linkedin&utm_campaign=spring"
    )
    assert result.warnings == (
        "The link already sets utm_medium and utm_content; they were kept, so this share may "
        "be attributed to those values and cannot be credited to this advocate.",
    )


def test_existing_utm_content_alone_warns_that_the_advocate_loses_the_credit():
    result = track("https://example.com/?utm_content=x")
    assert result.warnings == (
        "The link already sets utm_content; it was kept, so this share cannot be credited "
        "to this advocate.",
    )


def test_utm_name_only_in_the_fragment_does_not_count():
    result = track("https://example.com/#utm_source=x")
    assert result.url == f"https://example.com/?{TAIL}#utm_source=x"
    assert result.warnings == ()


def test_new_values_are_percent_encoded():
    result = track("https://example.com/", campaign="Spring launch & more = 100%/Q2+")
    assert (
        "utm_campaign=Spring%20launch%20%26%20more%20%3D%20100%25%2FQ2%2B&" in result.url
    )
    pairs = parse_qsl(urlsplit(result.url).query, keep_blank_values=True)
    assert ("utm_campaign", "Spring launch & more = 100%/Q2+") in pairs


def test_unicode_platform_is_encoded_as_utf8():
    result = track("https://example.com/", platform="Xing é")
    assert "utm_source=Xing%20%C3%A9&" in result.url


@pytest.mark.parametrize("campaign", ["", "   ", "\t"])
def test_empty_or_blank_campaign_is_omitted(campaign):
    result = track("https://example.com/", campaign=campaign)
    assert result.url == (
        f"https://example.com/?utm_source=linkedin&utm_medium=employee_advocacy"
        f"&utm_content={CONTENT}"
    )
    assert result.warnings == ()


def test_shortener_link_gets_a_warning_but_still_the_parameters():
    result = track("https://bit.ly/3abcXYZ")
    assert result.url == f"https://bit.ly/3abcXYZ?{TAIL}"
    assert result.warnings == (
        "bit.ly is a URL shortener: its redirect drops the tracking parameters, so shares "
        "of this link cannot be attributed. Use the full link.",
    )


def test_own_output_is_returned_unchanged_with_the_already_set_warning():
    first = track("https://example.com/p?a=1#frag")
    second = track(first.url)
    assert second.url == first.url
    assert first.warnings == ()
    assert len(second.warnings) == 1
    assert second.warnings[0].startswith(
        "The link already sets utm_source, utm_medium, utm_campaign and utm_content;"
    )


@pytest.mark.parametrize("link", ["", " ", "\n"])
def test_empty_link_has_nothing_to_track(link):
    assert track(link) == TrackedLink("", ("The asset has no link to track.",))


@pytest.mark.parametrize(
    ("link", "warning"),
    [
        ("example.com/page", "The link must start with http:// or https://."),
        ("https://exa mple.com/", "The link contains a space."),
        ("https://", "The link has no host name."),
    ],
)
def test_malformed_link_is_still_tagged_with_a_warning(link, warning):
    result = track(link)
    assert result.url == f"{link}?{TAIL}"
    assert result.warnings == (warning,)


def test_utm_content_joins_the_two_tokens():
    assert utm_content("abcdefgh", "234567ab") == "abcdefgh-234567ab"
    assert utm_content("abcdefgh", "") == "abcdefgh"


# --- link_problem ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com",
        "http://example.com/path?q=1#f",
        "HTTPS://Example.com:8443/",
        "https://user:pw@example.co.uk/a%20b",
        "https://[2001:db8::1]/",
        "https://münchen.de/",
    ],
)
def test_well_formed_links_have_no_problem(link):
    assert link_problem(link) is None


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("", "the link is empty"),
        ("   ", "the link is empty"),
        ("ftp://example.com/file", "the link must start with http:// or https://"),
        ("example.com/page", "the link must start with http:// or https://"),
        ("www.example.com", "the link must start with http:// or https://"),
        ("mailto:someone@example.com", "the link must start with http:// or https://"),
        ("https:/example.com", "the link must start with http:// or https://"),
        ("https://", "the link has no host name"),
        ("https:///path", "the link has no host name"),
        ("https://user@/", "the link has no host name"),
        ("https://example.com/my page", "the link contains a space"),
        (" https://example.com/", "the link contains a space"),
        ("https://example.com/\t", "the link contains a space"),
        ("https://example.com/\x00", "the link contains an invisible control character"),
        ("https://[2001:db8::1/", "the link is not a well-formed web address"),
        ("https://example.com:80a/", "the link's port is not a number between 0 and 65535"),
        ("https://example.com:70000/", "the link's port is not a number between 0 and 65535"),
    ],
)
def test_link_problem_reasons(link, reason):
    assert link_problem(link) == reason


# --- hashtag_problem ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    ["#python", "#Café", "#Cafe\u0301", "#2024Goals", "#data_science", "#_", "#東京", "#a1"],
)
def test_well_formed_hashtags_have_no_problem(tag):
    assert hashtag_problem(tag) is None


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("", "the hashtag is empty"),
        ("python", "'python' must start with #"),
        ("#", "'#' needs letters or digits after the #"),
        ("#my tag", "'#my tag' contains a space"),
        ("#tag ", "'#tag ' contains a space"),
        ("#2024", "'#2024' is only digits; a hashtag needs at least one letter"),
        (
            "#hello-world",
            "'#hello-world' contains '-'; a hashtag can only have letters, digits and "
            "underscores",
        ),
        ("##tag", "'##tag' contains '#'; a hashtag can only have letters, digits and underscores"),
        ("#wow!", "'#wow!' contains '!'; a hashtag can only have letters, digits and underscores"),
    ],
)
def test_hashtag_problem_reasons(tag, reason):
    assert hashtag_problem(tag) == reason


# --- shortener_of ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "host"),
    [
        ("https://bit.ly/abc", "bit.ly"),
        ("https://BIT.LY/abc", "bit.ly"),
        ("https://www.bit.ly/abc", "bit.ly"),
        ("http://t.co/xyz?amp=1", "t.co"),
        ("https://lnkd.in/e_abc", "lnkd.in"),
        ("https://tinyurl.com:443/y", "tinyurl.com"),
        ("https://bit.ly./abc", "bit.ly"),
        ("bit.ly/abc", "bit.ly"),
        ("https://fb.me/x", "fb.me"),
        ("https://trib.al/x", "trib.al"),
    ],
)
def test_known_shorteners(link, host):
    assert shortener_of(link) == host


@pytest.mark.parametrize(
    "link",
    [
        "https://youtu.be/dQw4w9WgXcQ",
        "https://example.com/bit.ly",
        "https://notbit.ly/abc",
        "https://bit.ly.example.com/",
        "https://example.com/?u=https://bit.ly/x",
        "",
        "https://[oops/",
    ],
)
def test_not_shorteners(link):
    assert shortener_of(link) is None


# --- parse_utm_content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("abcdefgh-234567ab", ("abcdefgh", "234567ab")),
        ("abcdefgh", ("abcdefgh", None)),
        ("abcdefgh-", ("abcdefgh", None)),
        ("abcdefgh-xyz", ("abcdefgh", None)),
        ("abcdefgh-234567ab-extra", ("abcdefgh", "234567ab")),
        ("abcdefgh-234567abc", ("abcdefgh", None)),
        ("abcdefgh_fb", ("abcdefgh", None)),
        (None, None),
        ("", None),
        ("abc", None),
        ("ABCDEFGH-234567AB", None),
        ("abcdefgh1", None),
        ("abcdefghi-234567ab", None),
        ("xabcdefgh-234567ab", None),
        ("abcdefg8-234567ab", None),
        ("newsletter", None),
    ],
)
def test_parse_utm_content(value, parsed):
    assert parse_utm_content(value) == parsed


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz234567", min_size=8, max_size=8),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz234567", min_size=8, max_size=8),
)
def test_parse_utm_content_reads_back_what_utm_content_writes(advocate, asset):
    assert parse_utm_content(utm_content(advocate, asset)) == (advocate, asset)


# --- properties over arbitrary URLs ---------------------------------------------------------

# Upper- and lower-case hex both occur in the wild; the bytes need not be valid UTF-8.
percent_escape = st.sampled_from(
    [f"%{byte:02X}" for byte in range(256)] + [f"%{byte:02x}" for byte in range(160, 256)]
)


def chunk(alphabet: str, *, min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Characters from `alphabet` mixed with percent-escapes (some not valid UTF-8)."""
    # Runs of plain characters rather than one draw per character keep generation fast.
    run = st.text(alphabet, min_size=1, max_size=4)
    return st.lists(
        st.one_of(run, percent_escape), min_size=min_size, max_size=max_size // 2
    ).map("".join)


# RFC 3986 pchar without '%' (escapes come from percent_escape).
PATH_CHARS = string.ascii_letters + string.digits + "-._~!$'()*+,;=:@"
# What may appear in a key or value: query characters minus the separators '&', '=', '#'.
QUERY_CHARS = string.ascii_letters + string.digits + "-._~!$'()*+,;:@/?é"
FRAGMENT_CHARS = PATH_CHARS + "/?&#%é"


@st.composite
def utm_like_key(draw) -> str:
    """A utm_* name in random case, sometimes with a character percent-escaped."""
    name = draw(st.sampled_from(UTM_NAMES))
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    cased = "".join(c.upper() if flip else c for c, flip in zip(name, flips))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(cased) - 1))
        cased = cased[:at] + f"%{ord(cased[at]):02X}" + cased[at + 1 :]
    return cased


query_key = st.one_of(utm_like_key(), chunk(QUERY_CHARS, min_size=0, max_size=8))
query_piece = st.one_of(
    st.tuples(query_key, chunk(QUERY_CHARS + "=")).map(lambda kv: f"{kv[0]}={kv[1]}"),
    query_key,  # a bare key: parse_qsl reads it as (key, '')
    st.just(""),  # an empty piece: '&&'
)


@st.composite
def urls(draw) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(st.text(string.ascii_letters + string.digits + ".-", min_size=1, max_size=20))
    port = draw(st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}")))
    segments = draw(st.lists(chunk(PATH_CHARS), max_size=4))
    path = "".join("/" + segment for segment in segments)
    query = draw(
        st.one_of(
            st.just(""),
            st.just("?"),
            st.lists(query_piece, max_size=6).map(lambda pieces: "?" + "&".join(pieces)),
        )
    )
    fragment = draw(st.one_of(st.just(""), chunk(FRAGMENT_CHARS).map(lambda f: "#" + f)))
    return f"{scheme}://{host}{port}{path}{query}{fragment}"


campaigns = st.one_of(st.just(""), st.just("  "), st.text(max_size=12))
platforms = st.text(min_size=1, max_size=10)


def pairs_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def named(pairs: list[tuple[str, str]], name: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in pairs if key.lower() == name]


def run(link: str, platform: str, campaign: str) -> TrackedLink:
    return tracked_link(
        link,
        platform=platform,
        medium=MEDIUM_DEFAULT,
        campaign=campaign,
        advocate_token=ADVOCATE,
        asset_token=ASSET,
    )


# Generating a URL costs far more than checking it, so one generated case is checked against
# every property (each its own function, so a failure names the rule it broke) instead of
# generating a fresh set of URLs per property.


def check_starts_with_the_link_and_keeps_its_fragment(link: str, url: str) -> None:
    base, hash_mark, fragment = link.partition("#")
    assert url.startswith(base)
    assert url.partition("#")[1:] == (hash_mark, fragment)
    assert urlsplit(url).fragment == urlsplit(link).fragment


def check_original_pairs_are_a_prefix(link: str, url: str) -> None:
    before = pairs_of(link)
    assert pairs_of(url)[: len(before)] == before


def check_no_empty_pair_is_introduced(link: str, url: str) -> None:
    base = link.partition("#")[0]
    added = url.partition("#")[0][len(base) :]
    # Only the first '?' starts the query: a later '?' is part of a value ('=?' stays a
    # value, and the next pair still needs its '&').
    _, question_mark, query = base.partition("?")
    if question_mark and (not query or query.endswith("&")):
        assert not added.startswith("&")
    assert "&&" not in added and not added.endswith("&")


def check_each_utm_name_added_once_or_kept(
    link: str, result: TrackedLink, platform: str, campaign: str
) -> None:
    before = pairs_of(link)
    after = pairs_of(result.url)
    ours = {
        "utm_source": platform,
        "utm_medium": MEDIUM_DEFAULT,
        "utm_campaign": campaign if campaign.strip() else None,
        "utm_content": CONTENT,
    }
    kept = []
    for name, value in ours.items():
        had = named(before, name)
        if value is None:
            # A blank campaign adds nothing, so whatever the link had is simply left alone.
            assert named(after, name) == had
        elif had:
            # Never overwritten: the same pairs with the same values, and not added again.
            assert named(after, name) == had
            kept.append(name)
        else:
            assert named(after, name) == [(name, value)]
    if kept:
        assert any(f"already sets {kept[0]}" in warning for warning in result.warnings)
    else:
        assert not any("already sets" in warning for warning in result.warnings)


@settings(max_examples=400)
@given(urls(), platforms, campaigns)
def test_properties_over_arbitrary_urls(link, platform, campaign):
    result = run(link, platform, campaign)
    check_starts_with_the_link_and_keeps_its_fragment(link, result.url)
    check_original_pairs_are_a_prefix(link, result.url)
    check_no_empty_pair_is_introduced(link, result.url)
    check_each_utm_name_added_once_or_kept(link, result, platform, campaign)
    # Idempotent: every UTM parameter now exists, so a second pass changes nothing.
    assert run(result.url, platform, campaign).url == result.url


@settings(max_examples=100)
@given(urls())
def test_generated_links_on_a_shortener_host_are_warned_about(link):
    # Swap the generated host for a shortener's and the warning must follow.
    scheme, rest = link.split("://", 1)
    host_end = min((i for i, c in enumerate(rest) if c in "/?#:"), default=len(rest))
    result = run(f"{scheme}://Bit.ly{rest[host_end:]}", "x", "y")
    assert any(warning.startswith("bit.ly is a URL shortener") for warning in result.warnings)


@settings(max_examples=500)
@given(st.text(), st.text(), st.text(), st.text())
def test_never_raises_on_any_text(link, platform, medium, campaign):
    result = tracked_link(
        link,
        platform=platform,
        medium=medium,
        campaign=campaign,
        advocate_token=ADVOCATE,
        asset_token=ASSET,
    )
    assert isinstance(result.url, str)
    assert all(isinstance(warning, str) for warning in result.warnings)
    if link.strip():
        assert result.url.startswith(link.partition("#")[0])
    link_problem(link)
    shortener_of(link)
    hashtag_problem(link)
    parse_utm_content(link)
