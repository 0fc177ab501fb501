"""Search indexes built from the records (keyword and semantic): arrives with issue 5."""

__all__: list[str] = []
