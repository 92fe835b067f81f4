"""The command line: the commands and their options declared once, the typer app, usage errors, and
the runs of check and validate over files."""
