from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import display_mode, languages
from interaction.surveys import views as survey_views
from search import views as search_views

from .api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("display-mode/", display_mode.switch, name="display_mode"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site: zh-hans at the root, other languages under their prefix.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    # A survey's results as JSON at "<survey url>results.json".
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)results\.json$",
        survey_views.results_json_at,
        name="survey_results_json",
    ),
    # Wagtail's page view, falling back to zh-hans where a page has no
    # translation in the language asked for (home/languages.py).
    re_path(r"^((?:[\w\-]+/)*)$", languages.serve, name="serve_in_language"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
