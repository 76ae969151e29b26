"""The one exception the store lets out: a message a coordinator can act on."""


class StoreError(Exception):
    """Opening, reading or writing the database failed; str(error) is the user's message."""
