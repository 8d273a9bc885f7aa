"""URLs of the marketplace pages, mounted under /<language>/m/<mission slug>/."""

from django.urls import path

from jisr.web.views import marketplace

urlpatterns = [
    path("marketplace/", marketplace.marketplace, name="marketplace"),
    path("marketplace/mine/", marketplace.my_listings, name="my_listings"),
    path("marketplace/new/", marketplace.listing_create, name="listing_create"),
    path("marketplace/<int:listing_id>/", marketplace.listing_detail, name="listing"),
    path("marketplace/<int:listing_id>/edit/", marketplace.listing_edit, name="listing_edit"),
    path("marketplace/<int:listing_id>/close/", marketplace.listing_close, name="listing_close"),
    path("marketplace/<int:listing_id>/reopen/", marketplace.listing_reopen, name="listing_reopen"),
]
