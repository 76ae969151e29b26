"""Finding an advocacy tracking value in what an analytics or hiring tool recorded.

A tracked link's utm_content is `<advocate token>-<asset token>`, each token eight
characters of [a-z2-7] (program/links.py). GA4 keeps it as "Session manual ad content";
Lever keeps a career link's `lever-source=<value>` among the candidate's Sources; a
Greenhouse coordinator may name a source after it. Only the two-token form is looked for:
a lone eight-letter word ("linkedin", "referral") would otherwise pass for an advocate's
token. Case is ignored (a tool or a person may have upper-cased it) and the value comes
back lower case, as the tokens are made. A found value is only a candidate: the store still
has to find the advocate and the asset it names.
"""

from __future__ import annotations

import re

from advocacy_tui.program.links import parse_utm_content

_TRACKING_RE = re.compile(r"(?<![A-Za-z0-9])[a-z2-7]{8}-[a-z2-7]{8}(?![A-Za-z0-9])", re.IGNORECASE)


def tracking_value(text: str | None) -> str | None:
    """The first tracking value in `text` (anywhere in it), lower case, or None."""
    if not text:
        return None
    for match in _TRACKING_RE.finditer(text):
        value = match.group(0).lower()
        parsed = parse_utm_content(value)  # the links module's reading is the reference
        if parsed is not None and parsed[1] is not None:
            return value
    return None
