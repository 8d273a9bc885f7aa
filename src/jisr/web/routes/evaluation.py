"""URLs of the evaluation pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import destinations, evaluation

urlpatterns = [
    path("scorecard/", evaluation.scorecard, name="scorecard"),
    path("scorecard/settings/", evaluation.scorecard_settings, name="scorecard-settings"),
    path("scorecard/weights/", evaluation.scorecard_weights, name="scorecard-weights"),
    path("scorecard/pairwise/", evaluation.pairwise, name="scorecard-pairwise"),
    path("scorecard/pairwise/check/", evaluation.pairwise_check, name="scorecard-pairwise-check"),
    path(
        "scorecard/providers/<int:provider_id>/",
        evaluation.provider_rating,
        name="scorecard-provider",
    ),
    path("destinations/", destinations.destinations, name="destinations"),
    path("destinations/weights/", destinations.destination_weights, name="destination-weights"),
    path("destinations/add/", destinations.destination_add, name="destination-add"),
    path("destinations/<str:country>/", destinations.destination_edit, name="destination-edit"),
    path(
        "destinations/<str:country>/remove/",
        destinations.destination_remove,
        name="destination-remove",
    ),
    path("why-morocco/", destinations.why_morocco, name="why-morocco"),
]
