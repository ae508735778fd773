"""Book-only summary tables (one module per step)."""
