"""Entry script of the PyInstaller bundle: the same ``main`` as the ``mash-desktop`` command."""

from ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
