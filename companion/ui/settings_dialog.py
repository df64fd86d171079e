"""Where the Settings dialog was first imported from; it is the companion.ui.settings package now."""

from companion.ui.settings import KindDraft, SettingsDialog, SuggestionsEdit
from companion.ui.settings.base import TABS

__all__ = ["TABS", "KindDraft", "SettingsDialog", "SuggestionsEdit"]
