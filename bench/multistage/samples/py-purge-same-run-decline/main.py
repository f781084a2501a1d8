"""Renders the notification e-mail for a comment, escaping what users typed."""

# importing _speedups fails when the C speedups were not compiled
from markupsafe import Markup, _speedups, escape

TEMPLATE = Markup(
    "<p><b>{author}</b> commented on <i>{title}</i>:</p>\n<blockquote>{body}</blockquote>"
)


def render(author: str, title: str, body: str) -> Markup:
    return TEMPLATE.format(author=author, title=title, body=body)


if __name__ == "__main__":
    print(f"speedups: {_speedups.__name__}")
    print(render("mallory", "Release 2.0", "<script>alert('hi')</script> & thanks!"))
    print(escape("5 > 3 && 2 < 4"))
