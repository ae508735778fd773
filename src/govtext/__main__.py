"""``python -m govtext``: the ``govtext`` command line (:func:`govtext.cli.main`)."""

from govtext.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
