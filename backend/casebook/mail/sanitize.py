"""Making a sender's HTML safe to show inside the SPA, with nh3 (ammonia).

Scripts, styles, event handlers, forms and frames go; links get rel=noopener; inline images that
referred to MIME parts (`cid:`) are pointed at the stored files instead; remote images are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3

_CID = re.compile(r"""(src\s*=\s*["']?)cid:([^"'\s>]+)""", re.IGNORECASE)
_ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align", "valign"},
}


def _only_our_images(tag: str, attribute: str, value: str) -> str | None:
    # A remote image would tell the sender when, where and that an agent read the mail (tracking
    # pixels); only the message's own parts, stored by us, are shown.
    if tag == "img" and attribute == "src" and not value.startswith("/files/"):
        return None
    return value


def sanitize_html(markup: str, cid_urls: Mapping[str, str] | None = None) -> str:
    """Safe HTML; `cid_urls` maps Content-IDs (without brackets) to the URLs of the stored parts."""
    urls = dict(cid_urls or {})

    def point_at_file(match: re.Match[str]) -> str:
        url = urls.get(match.group(2))
        # An unknown cid would leave a broken image; an empty src is harmless.
        return f"{match.group(1)}{url or ''}"

    markup = _CID.sub(point_at_file, markup)
    return nh3.clean(
        markup,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        clean_content_tags={"script", "style", "head", "title", "template", "noscript", "iframe", "object"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_only_our_images,
    ).strip()
