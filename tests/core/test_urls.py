"""Helpdesk links: guessing the ticket key from a pasted URL, and refusing unsafe links."""

from __future__ import annotations

import pytest

from companion.core.urls import UrlError, key_from_url, validate_url


class TestKeyFromUrl:
    @pytest.mark.parametrize("url, key", [
        # Jira
        ("https://acme.atlassian.net/browse/SUP-1234", "SUP-1234"),
        ("https://acme.atlassian.net/browse/sup-1234", "SUP-1234"),
        ("https://jira.example.com/browse/OPS2-7?focusedCommentId=1", "OPS2-7"),
        ("https://acme.atlassian.net/jira/software/c/projects/SUP/boards/1?selectedIssue=SUP-77",
         "SUP-77"),
        # Zendesk agent UI
        ("https://acme.zendesk.com/agent/tickets/5521", "#5521"),
        ("https://acme.zendesk.com/agent/tickets/5521/events", "#5521"),
        # Freshdesk
        ("https://acme.freshdesk.com/a/tickets/42", "#42"),
        # GitHub issues and pull requests
        ("https://github.com/owner/repo/issues/12", "owner/repo#12"),
        ("https://github.com/owner/repo/issues/12#issuecomment-99", "owner/repo#12"),
        ("https://github.com/owner/repo/pull/13", "owner/repo#13"),
        ("HTTPS://GITHUB.COM/owner/repo/pull/13", "owner/repo#13"),
        # GitLab issues and merge requests
        ("https://gitlab.com/group/project/-/issues/7", "group/project#7"),
        ("https://gitlab.example.com/group/project/issues/7", "group/project#7"),
        ("https://gitlab.com/group/project/-/merge_requests/8", "group/project!8"),
        # any other helpdesk: a trailing number
        ("https://helpdesk.example.com/ticket/777", "#777"),
        ("https://helpdesk.example.com/tickets/123/", "#123"),
        # surrounding whitespace from a paste
        ("  https://acme.zendesk.com/agent/tickets/5521\n", "#5521"),
    ])
    def test_recognised_links(self, url, key):
        assert key_from_url(url) == key

    @pytest.mark.parametrize("url", [
        "https://example.com/about",
        "https://github.com/owner/repo",
        "",
        None,
        "SUP-1234",
        "javascript:alert('SUP-1')",
        "file:///home/agent/tickets/55",
        "ftp://files.example.com/tickets/55",
    ])
    def test_no_key_for_unrecognised_or_unsafe_links(self, url):
        assert key_from_url(url) is None

    def test_new_style_jira_issue_link(self):
        url = "https://acme.atlassian.net/jira/software/projects/SUP/issues/SUP-1234"
        assert key_from_url(url) == "SUP-1234"

    def test_gitlab_project_in_a_subgroup(self):
        assert key_from_url("https://gitlab.com/group/sub/project/-/issues/9") == \
            "group/sub/project#9"


class TestValidateUrl:
    @pytest.mark.parametrize("url", [
        "https://acme.zendesk.com/agent/tickets/5521",
        "http://intranet.local/ticket/5",
        "HTTPS://EXAMPLE.COM/x",
        "https://example.com:8443/a?b=c#d",
    ])
    def test_http_and_https_links_pass_unchanged(self, url):
        assert validate_url(url) == url

    def test_surrounding_whitespace_is_stripped(self):
        assert validate_url("  https://example.com/1 \n") == "https://example.com/1"

    @pytest.mark.parametrize("url", ["", "   ", None])
    def test_no_link_is_allowed_and_stays_empty(self, url):
        assert validate_url(url) == ""

    @pytest.mark.parametrize("url, scheme", [
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:alert(1)", "javascript"),
        ("  javascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),   # urlsplit drops the tab: still refused
        ("file:///etc/passwd", "file"),
        ("ftp://example.com/ticket/1", "ftp"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("vbscript:msgbox", "vbscript"),
        ("mailto:client@example.com", "mailto"),
    ])
    def test_other_schemes_are_refused_by_name(self, url, scheme):
        with pytest.raises(UrlError, match=f"only http and https links can be opened, not '{scheme}'"):
            validate_url(url)

    @pytest.mark.parametrize("url", ["example.com/ticket/1", "//example.com/ticket/1",
                                     "/agent/tickets/5"])
    def test_links_without_a_scheme_are_refused(self, url):
        with pytest.raises(UrlError, match="not 'a bare path'"):
            validate_url(url)

    def test_link_without_a_host_is_refused(self):
        with pytest.raises(UrlError, match="has no host"):
            validate_url("https://")

    @pytest.mark.parametrize("url", ["https://exa mple.com/1", "https://example.com/a b"])
    def test_link_with_spaces_is_refused(self, url):
        with pytest.raises(UrlError, match="contains spaces"):
            validate_url(url)

    def test_url_error_is_a_value_error(self):
        assert issubclass(UrlError, ValueError)
