"""Settings: the agent, the working schedule, reminder defaults, the languages and replies, rest
breaks (their kinds and rules), the end of the shift, tough conversations, the workload one
person can carry, and the team.

One dialog, one module per tab: general.py, replies.py, breaks.py (with kinds.py, the editor of
the kinds of break), workload.py and team.py each add their fields and methods to SettingsDialog
(dialog.py), which saves everything at once (the Team tab acts at once instead); base.py holds what they share.
"""

from companion.ui.settings.dialog import SettingsDialog
from companion.ui.settings.kinds import KindDraft, SuggestionsEdit

__all__ = ["KindDraft", "SettingsDialog", "SuggestionsEdit"]
