from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from jisr.ops import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("jisr.api.urls")),
]
urlpatterns += i18n_patterns(
    path("account/", include("jisr.api.pages")),
    path("", include("jisr.web.urls")),
)
