"""Fictional sample missions for demos, tests and benchmarks.

Pure (no database), so the matching engine's quality benchmark can reuse them:

- ``names``: word and name pools, cities with their IANA time zones.
- ``specs``: the plain frozen records (organizations, people, sites, the sample).
- ``profiles``: ``compose_sample``: what each organization looks like and which
  buyer–provider pairs were planted to fit well.
- ``people``: each organization's people; ``texts``: descriptions in en/fr/ar.
- ``programme``: the mission, its venues, programme and meeting grid.
- ``matching``: the sample as matching-engine profiles plus the planted pairs.

Database:

- ``services``: ``create_sample_mission`` writes a composed sample in one transaction.

Every company, person, venue and address is invented; e-mail addresses and web
sites use the reserved ``.example`` top-level domain.
"""
