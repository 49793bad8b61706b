"""The Content-Security-Policy: ``CONTENT_SECURITY_POLICY`` (settings) for the
public site, plus what the Wagtail admin needs on top of it."""

from csp.middleware import CSPMiddleware

from .middleware import is_admin

#: Added to the policy on admin pages. Wagtail's admin (listings, the page
#: editor, choosers' modal responses, wagtail-localize's editor) runs inline
#: scripts and sets inline styles whose content varies per page, so neither
#: hashes nor nonces can cover them; everything still comes from this site
#: only. Found by driving the admin's screens in Chromium
#: (tests/e2e/test_content_security_policy.py).
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    # Previews of images chosen for upload.
    "img-src": ["blob:"],
}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin(request) and ADMIN_POLICY_UPDATE:
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts
