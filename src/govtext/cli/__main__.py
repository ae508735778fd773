"""``python -m govtext.cli``: the ``govtext`` command line, as before the CLI became a package."""

from govtext.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
