"""Pure computation: evaluation, outlook, periods, units and roll-ups. No I/O, no typer, no rich."""
