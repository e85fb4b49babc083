"""Subcommands of the ``porekb`` CLI, one module each (``add_parser(subparsers)`` sets ``func``)."""
