"""One module per output format; each turns a report into a string. Only the CLI writes."""
