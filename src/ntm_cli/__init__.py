"""ntm: track planned targets against reported results."""

__version__ = "0.1.0"
