"""`counselroom`: a subcommand runs the command line; otherwise the GUI starts."""

from __future__ import annotations

import sys
from collections.abc import Sequence

GUI_OPTIONS = {"--demo", "--db"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["selftest"]:  # Qt's part of the checks makes it a GUI-side command
        from counselroom.gui.selftest import run_selftest

        return run_selftest(args[1:])
    if not args or args[0] in GUI_OPTIONS:
        from counselroom.gui.app import run_gui

        return run_gui(args)
    from counselroom import cli

    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
