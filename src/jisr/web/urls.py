from django.urls import include, path

from jisr.web.views import accounts, directory, missions

app_name = "web"

urlpatterns = [
    path("", missions.home, name="home"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.LogoutView.as_view(), name="logout"),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/", accounts.PasswordResetSentView.as_view(), name="password-reset-sent"
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("m/<slug:slug>/", missions.mission_detail, name="mission"),
    path("m/<slug:slug>/programme/", missions.programme, name="programme"),
    path("m/<slug:slug>/organizations/", directory.directory, name="directory"),
    path(
        "m/<slug:slug>/organizations/<int:organization_id>/",
        directory.organization_detail,
        name="organization",
    ),
    # Each area keeps its own routes, all scoped by the mission's slug.
    path("m/<slug:slug>/", include("jisr.web.routes.invitations")),
    path("m/<slug:slug>/", include("jisr.web.routes.marketplace")),
    path("m/<slug:slug>/", include("jisr.web.routes.meetings")),
    path("m/<slug:slug>/", include("jisr.web.routes.messaging")),
    path("m/<slug:slug>/", include("jisr.web.routes.schedules")),
    path("m/<slug:slug>/", include("jisr.web.routes.agenda")),
    path("m/<slug:slug>/", include("jisr.web.routes.checkin")),
    path("m/<slug:slug>/", include("jisr.web.routes.outcomes")),
    path("m/<slug:slug>/", include("jisr.web.routes.reports")),
    path("m/<slug:slug>/", include("jisr.web.routes.evaluation")),
    path("m/<slug:slug>/", include("jisr.web.routes.matchmaking")),
    path("m/<slug:slug>/", include("jisr.web.routes.audit")),
]
