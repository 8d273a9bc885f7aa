"""The privacy notice people accept, and the version that consent records refer to.

Bump ``NOTICE_VERSION`` whenever the notice's wording changes in substance: consent
records keep the version that was shown, so an organizer can prove what was agreed to.
"""

NOTICE_VERSION = "2026-11"
