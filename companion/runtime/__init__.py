"""The running app without its widgets: the reminder and break loops, notice wording, seeding and
the one `Runtime` that owns start/stop, the minute tick, change handling and the schedule.

Nothing here imports companion.ui; the ui shell talks to the runtime through commands and signals.
"""
