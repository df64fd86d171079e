"""Team replies on a member's desktop: a pack the lead published (mirrored here as core/team does after a
sync, no server needed) shows in the palette and the menu marked as the team's, is read-only in the
editor, can be starred, and copied into the agent's own replies, where it can be changed. The export of
the agent's library leaves it out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from companion.core import reply_library
from companion.core.reply_io import export_replies, import_replies
from companion.core.reply_library import TeamReadOnly
from companion.core.team import TEAM_SLUG_PREFIX, mirror_packs
from companion.store.models import ReplyCategory, ReplyTemplate
from companion.store.team import PackRow
from companion.ui.reply_editor import ReplyEditor
from companion.ui.reply_menu import ReplyMenu
from companion.ui.reply_palette import TEAM_ROLE
from tests.ui.replies import clipboard

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

PACK = PackRow("escalations", "Эскалации", "Escalations", 0, (
    {"slug": "escalated-to-l2", "position": 0,
     "title_ru": "Передано во вторую линию", "body_ru": "Здравствуйте! Мы передали {ticket} во вторую линию.",
     "title_en": "Escalated to L2", "body_en": "Hello! We have passed {ticket} to our second line."},
    {"slug": "vendor-wait", "position": 1, "title_ru": "Ждём поставщика", "body_ru": "Ждём ответа поставщика.",
     "title_en": "Waiting for the vendor", "body_en": "We are waiting for the vendor's answer."},
))


@pytest.fixture
def published(app):
    """The lead's pack as a member's sync leaves it in the local library."""
    assert mirror_packs([PACK], app.clock.now())
    app.shell.replies.invalidate()
    return app


def team_reply(slug: str = "escalated-to-l2") -> ReplyTemplate:
    return ReplyTemplate.get(ReplyTemplate.slug == TEAM_SLUG_PREFIX + slug)


def test_the_prefix_the_library_knows_is_the_one_the_mirror_writes():
    assert reply_library.TEAM_PREFIX == TEAM_SLUG_PREFIX


def test_the_palette_lists_team_replies_with_a_team_tag_and_says_who_keeps_them(published, qtbot):
    published.shell.show_palette(None)
    palette = published.shell.palette
    palette.search.insert("escalated to L2")
    index = palette.list.currentIndex()
    assert index.data() == "Escalated to L2  —  Escalations [team]"
    assert index.data(TEAM_ROLE) == "team"
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Team reply — maintained by your lead\n\n")
    palette.search.clear()
    tags = [palette.model.index(row).data(TEAM_ROLE) for row in range(palette.model.rowCount())]
    assert tags.count("team") == 2 and tags.count("") == 51  # the shipped replies carry no tag
    palette.search.insert("escalated to L2")
    ARTIFACTS.mkdir(exist_ok=True)
    assert palette.grab().save(str(ARTIFACTS / "team-palette.png"))


def test_a_team_reply_copies_and_counts_its_uses_like_any_other(published, qtbot):
    published.shell.show_palette(None)
    palette = published.shell.palette
    palette.search.insert("vendor")
    assert palette.copy()
    assert clipboard()[0] == "We are waiting for the vendor's answer."
    assert team_reply("vendor-wait").use_count == 1


def test_the_menu_marks_the_team_category_and_a_starred_team_reply(published):
    template = team_reply()
    published.shell.replies.library.set_favourite(template.id, True)
    published.shell.replies.invalidate()
    menu = ReplyMenu(published.shell.replies)
    menu.aboutToShow.emit()
    top = [a.text() for a in menu.actions() if not a.isSeparator() and a.menu() is None]
    assert "★ Escalated to L2 · team" in top
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Escalations · team")
    inside = [a.text() for a in sub.actions()]
    assert inside == ["Escalated to L2", "Waiting for the vendor"]
    assert sub.actions()[0].toolTip().startswith("Team reply — maintained by your lead")
    own = next(a for a in ReplyMenu.actions_recursive(menu) if isinstance(a.data(), int)
               and not a.toolTip().startswith("Team reply"))
    assert "team" not in own.text()


def open_editor(app, title: str) -> ReplyEditor:
    app.shell.open_reply_editor()
    editor = app.shell.editor
    for i in range(editor.tree.topLevelItemCount()):
        node = editor.tree.topLevelItem(i)
        for j in range(node.childCount()):
            if node.child(j).text(0).removeprefix("★ ") == title:
                editor.tree.setCurrentItem(node.child(j))
                return editor
    raise AssertionError(f"no {title!r} in the editor")


def test_the_editor_shows_a_team_reply_read_only_and_says_why(published, qtbot):
    editor = open_editor(published, "Escalated to L2")
    tab = editor.variant_tabs["en"]
    assert tab.title.text() == "Escalated to L2" and tab.title.isReadOnly() and tab.body.isReadOnly()
    assert editor.team_banner.isVisibleTo(editor) and "maintained by your lead" in editor.team_note.text()
    for button in (editor.save_button, editor.revert_button, editor.delete_button, editor.insert_button,
                   editor.category):
        assert not button.isEnabled()
        assert "copy it to your replies" in button.toolTip()
    assert not editor.rename_action.isEnabled()
    assert editor.copy_button.isEnabled()  # copying it filled for a ticket is what it is for
    ARTIFACTS.mkdir(exist_ok=True)
    assert editor.grab().save(str(ARTIFACTS / "team-editor.png"))

    QTest.keyClicks(tab.body, "extra")  # typing does nothing
    assert tab.body.toPlainText() == "Hello! We have passed {ticket} to our second line." and not editor.dirty
    assert not editor.delete(confirm=False) and not editor.save()
    assert "your lead maintains" in editor.error.text()
    assert team_reply().category.slug == "team:escalations"


    # the team's category: listed and tagged, neither renamed nor deleted
    node = editor.tree.currentItem().parent()
    assert node.text(0) == "Escalations · team"
    editor.tree.setCurrentItem(node)
    assert not editor.delete_button.isEnabled() and "lead" in editor.delete_button.toolTip()
    assert not editor.rename_action.isEnabled()


def test_an_own_reply_cannot_be_moved_into_the_team_category(published, qtbot):
    editor = open_editor(published, "Screenshot or video")
    assert not editor.team_banner.isVisibleTo(editor) and editor.save_button.isEnabled()
    assert not editor.variant_tabs["en"].body.isReadOnly()
    team_id = ReplyCategory.get(ReplyCategory.slug == "team:escalations").id
    team_index = editor.category.findData(team_id)
    assert team_index >= 0 and not editor.category.model().item(team_index).isEnabled()
    library = published.shell.replies.library
    reply = library.find("Screenshot or video")
    with pytest.raises(TeamReadOnly):
        library.update(reply.id, reply_library.ReplyInput(team_id, reply.variants))


def test_a_team_reply_is_starred_in_the_editor_and_keeps_the_star_across_the_leads_updates(published, qtbot):
    editor = open_editor(published, "Waiting for the vendor")
    editor.favourite.setChecked(True)
    assert team_reply("vendor-wait").favourite and not editor.dirty
    changed = PackRow(PACK.slug, PACK.name_ru, PACK.name_en, 0,
                      (PACK.replies[0], dict(PACK.replies[1], body_en="Still waiting for the vendor.")))
    assert mirror_packs([changed], published.clock.now())
    assert team_reply("vendor-wait").favourite


def test_copy_to_my_replies_makes_an_editable_copy_in_both_languages(published, qtbot):
    editor = open_editor(published, "Escalated to L2")
    team_id = editor.current_id
    assert editor.copy_to_mine()
    copy = published.shell.replies.library.reply(editor.current_id)
    assert copy.id != team_id and not copy.team and copy.slug == "escalated-to-l2"
    assert copy.variants["ru"].title == "Передано во вторую линию"
    assert copy.variants["en"].body == "Hello! We have passed {ticket} to our second line."
    category = ReplyCategory.get_by_id(copy.category_id)
    assert not category.team
    assert category.id == published.shell.replies.library.own_categories()[0].id

    # now the agent's own: the form is open for changes, and a save keeps them
    assert not editor.team_banner.isVisibleTo(editor) and not editor.variant_tabs["en"].body.isReadOnly()
    editor.tabs.setCurrentIndex(1)
    editor.variant_tabs["en"].body.setPlainText("Hi! {ticket} is with our second line now.")
    assert editor.save()
    assert published.shell.replies.library.reply(copy.id).variants["en"].body.startswith("Hi!")
    assert team_reply().use_count == 0 and "second line." in published.shell.replies.library.reply(
        team_id).variants["en"].body  # the team's own stays as the lead wrote it

    # a second copy gets an id of its own
    again = published.shell.replies.library.copy_to_mine(team_id)
    assert again.slug == "escalated-to-l2-2"


def test_duplicate_on_a_team_reply_copies_it_to_my_replies(published, qtbot):
    editor = open_editor(published, "Waiting for the vendor")
    assert "Copy to my replies" in editor.duplicate_button.toolTip()
    editor.duplicate()
    copy = published.shell.replies.library.reply(editor.current_id)
    assert not copy.team and copy.variants["en"].title == "Waiting for the vendor"


def test_the_library_refuses_changes_to_team_replies_and_categories(published):
    library = published.shell.replies.library
    reply = library.reply(team_reply().id)
    category = ReplyCategory.get(ReplyCategory.slug == "team:escalations")
    for change in (lambda: library.update(reply.id, reply_library.ReplyInput(reply.category_id, reply.variants)),
                   lambda: library.delete(reply.id),
                   lambda: library.rename_category(category.id, "Моё", "Mine"),
                   lambda: library.delete_category(category.id),
                   lambda: library.create(reply_library.ReplyInput(
                       category.id, {"en": reply_library.Variant("Mine", "My text")}))):
        with pytest.raises(TeamReadOnly, match="your lead maintains"):
            change()
    library.set_favourite(reply.id, True)
    library.record_use(reply.id)
    assert team_reply().favourite and team_reply().use_count == 1


def test_a_copy_with_no_own_category_makes_one(published):
    library = published.shell.replies.library
    for category in library.own_categories():
        ReplyTemplate.delete().where(ReplyTemplate.category == category).execute()
        library.delete_category(category.id)
    copy = library.copy_to_mine(team_reply().id)
    assert ReplyCategory.get_by_id(copy.category_id).name_en == "My replies"


def test_the_export_leaves_the_team_out_and_an_import_cannot_write_into_it(published):
    data = export_replies()
    assert not any(c["id"].startswith("team:") for c in data["categories"])
    assert not any(t["id"].startswith("team:") or t["category"].startswith("team:") for t in data["templates"])
    assert len(data["templates"]) == 51
    sneaky = {"format": data["format"], "version": 1, "categories": [], "templates": [
        {"id": "mine", "category": "team:escalations", "variants": {"en": {"title": "Mine", "body": "Text"}}}]}
    from companion.core.reply_io import ReplyImportError

    with pytest.raises(ReplyImportError, match="no category 'team:escalations'"):
        import_replies(json.loads(json.dumps(sneaky)), published.clock)


def in_a_team(app, lead: bool) -> None:
    """Joined (as the settings say) to a server that is not there; the role as the last sync said."""
    app.settings.set("team_url", "postgresql://lena@127.0.0.1:1/team")
    app.runtime.team._set(reachable=True, lead=lead)


def test_a_lead_may_publish_an_own_category_from_the_editor_an_agent_sees_no_such_entry(published, qtbot):
    app = published
    own = next(c for c in ReplyCategory.select() if not c.team)
    app.shell.open_reply_editor()
    editor = app.shell.editor
    editor.reload(select=("category", own.id))
    for lead, visible in ((False, False), (True, True)):
        in_a_team(app, lead)
        editor._team_actions()  # what opening the More menu does
        assert editor.publish_action.isVisible() is visible
        assert not editor.unpublish_action.isVisible()
    # The lead's own category that the team already has: "again", and "stop sharing".
    replies = tuple({**r, "slug": "mine-" + r["slug"]} for r in PACK.replies)
    mine = PackRow(own.slug, own.name_ru, own.name_en, 1, replies)
    assert mirror_packs([PACK, mine], app.clock.now())
    editor.reload(select=("category", own.id))
    editor._team_actions()
    assert editor.publish_action.text() == "Publish the category to the team again"
    assert editor.unpublish_action.isVisible()
    # A team category itself is not the lead's to publish from here.
    editor.reload(select=("category", ReplyCategory.get(ReplyCategory.slug == "team:escalations").id))
    editor._team_actions()
    assert not editor.publish_action.isVisible()
    # Publishing while the server is away: said in the editor, nothing else changes.
    editor.reload(select=("category", own.id))
    with qtbot.waitSignal(app.runtime.team.published, timeout=20000):
        editor.publish_category()
    assert editor.error.isVisible() and "The team server refused" in editor.error.text()
    app.runtime.team.stop()
