"""The product's brains as a pure library: scheduling, evaluation and matching.

Nothing under ``jisr.engine`` imports Django or the Django apps; an import-linter
contract enforces it, so the engine can be used, tested and benchmarked alone.
"""
