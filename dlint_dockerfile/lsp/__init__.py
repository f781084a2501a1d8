"""``dlint lsp``: the Language Server.

``dlint lsp`` talks LSP over standard input and output; ``dlint lsp --tcp HOST:PORT``
listens on a socket instead (for debugging). The server lives in `dlint_dockerfile.lsp.server`
and needs the ``lsp`` extra (pygls); importing this package imports nothing heavy.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, not {value!r}")
    return host, int(port)


def main(argv: Sequence[str] = ()) -> int:
    """Run the server until the client says ``exit``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="dlint lsp", description="Run the dlint Language Server (LSP over stdio)."
    )
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (default)")
    parser.add_argument(
        "--tcp", type=_address, metavar="HOST:PORT", help="listen on a TCP socket instead"
    )
    parser.add_argument("--log-file", metavar="PATH", help="write the server's log to PATH")
    parser.add_argument(
        "--log-level",
        choices=("debug", "info", "warning", "error"),
        default="warning",
        help="how much dlint logs (default: warning; debug times every lint)",
    )
    args = parser.parse_args(list(argv))
    try:
        from dlint_dockerfile.lsp.server import DlintLanguageServer
    except ImportError as exc:  # pragma: no cover - the extra is missing
        print(
            f"dlint lsp: {exc}; install the extra with pip install 'dlint-dockerfile[lsp]'",
            file=sys.stderr,
        )
        return 2
    if args.log_file:
        logging.basicConfig(filename=args.log_file, level=logging.WARNING)
    else:
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    logging.getLogger(__name__.partition(".")[0]).setLevel(getattr(logging, args.log_level.upper()))
    server = DlintLanguageServer()
    _tune_garbage_collector()
    if args.tcp is not None:
        server.start_tcp(*args.tcp)
        return 0
    # Protect the protocol stream: anything printed by mistake goes to stderr.
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)
    return 0


def _tune_garbage_collector() -> None:
    """Keep collector pauses out of the lint of each keystroke: what the server loaded at
    start-up is frozen out of the collector's sight and the automatic collector is off; the
    server collects cycles itself when idle (see `GC_IDLE_SECONDS`). A lint of a
    3,000-line file allocates millions of short-lived objects (freed as they go) and few
    cycles (its shell scripts): with the collector on, its pauses tripled the p95."""
    import gc

    gc.collect()
    gc.freeze()
    gc.disable()
