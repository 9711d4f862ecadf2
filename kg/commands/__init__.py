"""One module per ``kg`` subcommand: ``add_arguments(parser)`` and ``run(args) -> exit status``.

Each module imports what it needs inside ``run`` so that ``kg --help`` loads nothing heavy.
"""

COMMANDS = ("build", "eval", "view", "query", "validate", "export", "show", "diff")
