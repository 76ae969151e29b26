"""Steps 4 and 6 as rules: the asset library and its approval gate, coverage, the
authenticity check, reminders and the tick's summary and weekly report."""
