import pytest


@pytest.fixture(autouse=True)
def english_interface(qapp):
    """The English interface as the app installs it: the source texts plus their plural forms
    ("1 second", "10 seconds"). A test that wants Russian installs it over this one."""
    from companion import i18n

    i18n.install(qapp, "en")
    yield
    i18n.uninstall(qapp)
