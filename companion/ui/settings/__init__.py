"""Settings: the agent, the working schedule, reminder defaults, the languages and replies, rest
breaks (their kinds and rules), the end of the shift, tough conversations and the workload one
person can carry.

One dialog, one module per tab: general.py, replies.py, breaks.py (with kinds.py, the editor of
the kinds of break) and workload.py each add their fields and methods to SettingsDialog
(dialog.py), which saves everything at once; base.py holds what they share.
"""

from companion.ui.settings.dialog import SettingsDialog
from companion.ui.settings.kinds import KindDraft, SuggestionsEdit

__all__ = ["KindDraft", "SettingsDialog", "SuggestionsEdit"]
