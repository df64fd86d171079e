import pytest


@pytest.fixture(autouse=True)
def english_interface(qapp, request):
    """The English interface as the app installs it: the source texts plus their plural forms
    ("1 second", "10 seconds"). A test that wants Russian installs it over this one; the tests of
    installing itself start from nothing installed."""
    from companion import i18n

    if request.module.__name__.endswith("test_i18n"):
        yield
        return
    i18n.install(qapp, "en")
    yield
    i18n.uninstall(qapp)
