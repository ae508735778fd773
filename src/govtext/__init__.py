"""govtext: governance programmes, metrics and models in Chinese local news.

The pipeline runs in one direction, one module per step:
corpus -> segment -> programmes -> metrics -> compare -> plots (and cli for files).
"""

__version__ = "0.1.0"
