"""mkslug command line."""

import click

from mkslug import slugify


@click.command()
@click.argument("titles", nargs=-1, required=True)
@click.option("--separator", "-s", default="-", show_default=True, help="Between words.")
@click.option("--max-length", "-m", default=0, help="Cut the slug at this length (0: no limit).")
def main(titles: tuple[str, ...], separator: str, max_length: int) -> None:
    """Print the slug of each TITLE."""
    for title in titles:
        click.echo(f"{slugify(title, separator, max_length)}")
