"""Fictional sample missions for demos, tests and benchmarks.

- ``names``: word and name pools, cities with their IANA time zones.
- ``profiles``: pure composition (plain frozen dataclasses, no database): what each
  organization looks like and which buyer–provider pairs were planted to fit well.
  Reusable by the matching engine's quality benchmark.
- ``texts``: description templates in English, French and Arabic.
- ``programme``: the mission, its venues, programme and meeting grid, also pure.
- ``services``: writes a composed sample to the database in one transaction.

Every company, person, venue and address is invented; e-mail addresses and web
sites use the reserved ``.example`` top-level domain.
"""
