"""Validation against gold standards: loaders, precision and recall, agreement."""
