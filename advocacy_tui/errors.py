"""Errors whose message is meant for the user as it is (no traceback, no rewording)."""


class ConfigError(Exception):
    """A config file that cannot be used: the message names the file, the key and why."""
