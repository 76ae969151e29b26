"""Tracked links: an asset's link with UTM parameters naming the advocate who shared it.

Attribution later reads utm_content back out of the landing page's analytics, so the rules
here are about not damaging the link: the coordinator's own query string is kept byte for
byte (the destination site may sign it or read it with its own quirks), a UTM parameter the
link already sets is never overwritten, and links the tracking cannot survive (URL
shorteners) are flagged instead of silently producing unattributable shares.

Plain string work over the standard library, so it runs the same in the store, the screens
and the exports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit

MEDIUM_DEFAULT = "employee_advocacy"
LEVER_SOURCE = "lever-source"  # Lever's own source parameter on job and career links

# The parameters we add, in the order we add them.
UTM_SOURCE = "utm_source"
UTM_MEDIUM = "utm_medium"
UTM_CAMPAIGN = "utm_campaign"
UTM_CONTENT = "utm_content"
UTM_NAMES = (UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_CONTENT)

# Shorteners answer with a redirect to the URL they stored, so parameters added to the short
# link never reach the landing page. youtu.be is left out on purpose: it keeps the query.
SHORTENERS = frozenset(
    {
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "lnkd.in",
        "is.gd",
        "rebrand.ly",
        "t.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "bl.ink",
        "s.id",
        "rb.gy",
        "soo.gd",
        "trib.al",
        "dlvr.it",
        "fb.me",
    }
)

NO_LINK_WARNING = "The asset has no link to track."

# A token is tokens.asset_token's alphabet (base32, lower case) and length. The look-aheads
# stop a longer word that merely starts with eight such letters from being taken for one.
_TOKEN = r"[a-z2-7]{8}(?![A-Za-z0-9])"
_UTM_CONTENT_RE = re.compile(rf"({_TOKEN})(?:-({_TOKEN}))?")


@dataclass(frozen=True)
class TrackedLink:
    """A link ready to share, and what the coordinator should know about it."""

    url: str  # the link with UTM parameters added
    warnings: tuple[str, ...]  # sentences a coordinator reads, e.g. the shortener warning


def utm_content(advocate_token: str, asset_token: str) -> str:
    """'<advocate_token>-<asset_token>' (tokens are [a-z2-7]{8}, no '-' inside).

    Without an asset token the advocate's alone is still attributable, so it stands by itself
    rather than trailing a '-'.
    """
    if not asset_token:
        return advocate_token
    return f"{advocate_token}-{asset_token}"


def parse_utm_content(value: str | None) -> tuple[str, str | None] | None:
    """(advocate_token, asset_token or None) from a utm_content value.

    The first 8-character [a-z2-7] token, then optionally '-' and a second one; None when
    the value does not start with a token. Anything after is ignored, because some platforms
    append their own suffixes to the values they pass on.
    """
    if not value:
        return None
    match = _UTM_CONTENT_RE.match(value)
    if match is None:
        return None
    return match.group(1), match.group(2)


def link_problem(link: str) -> str | None:
    """None when `link` is a well-formed absolute http(s) URL with a host; else a short reason.

    The reasons are written for a coordinator approving an asset, not for a developer.
    """
    if not link or not link.strip():
        return "the link is empty"
    if any(char.isspace() for char in link):
        return "the link contains a space"
    if any(unicodedata.category(char) == "Cc" for char in link):
        return "the link contains an invisible control character"
    if not link.lower().startswith(("http://", "https://")):
        return "the link must start with http:// or https://"
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:
        # urlsplit refuses e.g. an unclosed '[' of an IPv6 address.
        return "the link is not a well-formed web address"
    if not host or not host.strip("."):
        return "the link has no host name"
    try:
        parts.port
    except ValueError:
        return "the link's port is not a number between 0 and 65535"
    return None


def hashtag_problem(tag: str) -> str | None:
    """None for a well-formed hashtag; else a reason naming the tag.

    Well-formed is '#' then one or more letters, digits or underscores (letters from any
    script, e.g. #Café), not only digits: the platforms end a hashtag at the first other
    character and ignore all-digit ones, so anything else would not link as the coordinator
    expects.
    """
    if not tag:
        return "the hashtag is empty"
    if not tag.startswith("#"):
        return f"'{tag}' must start with #"
    body = tag[1:]
    if not body:
        return "'#' needs letters or digits after the #"
    for char in body:
        if char.isspace():
            return f"'{tag}' contains a space"
        if not _hashtag_char(char):
            return (
                f"'{tag}' contains '{char}'; a hashtag can only have letters, digits "
                "and underscores"
            )
    if all(char.isdigit() for char in body):
        return f"'{tag}' is only digits; a hashtag needs at least one letter"
    return None


def _hashtag_char(char: str) -> bool:
    # Combining marks count too, so a decomposed 'é' (e + U+0301) is as good as a composed one.
    return char == "_" or char.isalnum() or unicodedata.category(char).startswith("M")


def shortener_of(link: str) -> str | None:
    """The host when the link is on a known URL shortener, else None.

    The host compare is case-insensitive and ignores a leading 'www.' and a trailing '.'.
    A link pasted without its scheme ('bit.ly/abc') is still recognised.
    """
    text = link.strip()
    if "://" not in text and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[len("www.") :]
    return host if host in SHORTENERS else None


def tracked_link(
    link: str,
    *,
    platform: str,
    medium: str,
    campaign: str,
    advocate_token: str,
    asset_token: str,
    ats: str = "",
) -> TrackedLink:
    """`link` with utm_source, utm_medium, utm_campaign and utm_content added; with
    `ats="lever"` also `lever-source=<the utm_content value>`, which Lever records as the
    application's source, so the ATS names the advocate without anyone typing it.

    Only appends: everything before the fragment is kept exactly, the fragment stays at the
    end, and a UTM parameter the link already has is left alone (with a warning). Applying it
    to its own output with the same arguments returns the same URL. Never raises.
    """
    if not link.strip():
        return TrackedLink("", (NO_LINK_WARNING,))

    warnings: list[str] = []
    problem = link_problem(link)
    if problem is not None:
        warnings.append(problem[0].upper() + problem[1:] + ".")
    shortener = shortener_of(link)
    if shortener is not None:
        warnings.append(
            f"{shortener} is a URL shortener: its redirect drops the tracking parameters, "
            "so shares of this link cannot be attributed. Use the full link."
        )

    # Split by hand rather than with urlsplit/urlunsplit: those normalise (an empty '?' or
    # '#' disappears, the scheme is lower-cased) and we promise the link back unchanged.
    base, hash_mark, fragment = link.partition("#")
    _, question_mark, query = base.partition("?")
    present = _query_names(query)

    wanted = (
        (UTM_SOURCE, platform),
        (UTM_MEDIUM, medium),
        (UTM_CAMPAIGN, campaign if campaign.strip() else None),
        (UTM_CONTENT, utm_content(advocate_token, asset_token)),
        (LEVER_SOURCE, utm_content(advocate_token, asset_token) if ats == "lever" else None),
    )
    added: list[str] = []
    kept: list[str] = []
    for name, value in wanted:
        if value is None:
            continue
        if name in present:
            kept.append(name)
        else:
            added.append(f"{name}={quote(value, safe='')}")
    if kept:
        warnings.append(_kept_warning(kept))

    if not added:
        return TrackedLink(link, tuple(warnings))
    if not question_mark:
        joiner = "?"
    elif not query or query.endswith("&"):
        # A bare '?' or a trailing '&' already separates: adding '&' would make '?&' or '&&'.
        joiner = ""
    else:
        joiner = "&"
    url = base + joiner + "&".join(added) + hash_mark + fragment
    return TrackedLink(url, tuple(warnings))


def _query_names(query: str) -> set[str]:
    """The parameter names in a query string, decoded and lower-cased.

    Decoded the way urllib.parse.parse_qsl (and the analytics tools) read them, so
    'UTM_Source' and 'utm%5Fsource' count as the utm_source they will be taken for.
    """
    names = set()
    for piece in query.split("&"):
        if piece:
            names.add(unquote_plus(piece.partition("=")[0]).lower())
    return names


def _kept_warning(kept: list[str]) -> str:
    """One sentence naming the UTM parameters the link already had and what that costs."""
    if kept == [UTM_CONTENT]:
        return (
            "The link already sets utm_content; it was kept, so this share cannot be "
            "credited to this advocate."
        )
    if len(kept) == 1:
        # 'that source', 'that medium', 'that campaign'.
        return (
            f"The link already sets {kept[0]}; it was kept, so this share may be "
            f"attributed to that {kept[0].removeprefix('utm_')}."
        )
    listed = ", ".join(kept[:-1]) + " and " + kept[-1]
    sentence = (
        f"The link already sets {listed}; they were kept, so this share may be "
        "attributed to those values"
    )
    if UTM_CONTENT in kept:
        # utm_content is what names the advocate: keeping someone else's loses the credit.
        return sentence + " and cannot be credited to this advocate."
    return sentence + "."
