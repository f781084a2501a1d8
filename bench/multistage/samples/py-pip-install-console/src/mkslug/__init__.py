"""Turn titles into URL slugs."""

import re
import unicodedata

__all__ = ["slugify"]


def slugify(text: str, separator: str = "-", max_length: int = 0) -> str:
    """ASCII-only, lower-case slug of text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = separator.join(words)
    if max_length and len(slug) > max_length:
        slug = slug[:max_length].rstrip(separator)
    return slug
