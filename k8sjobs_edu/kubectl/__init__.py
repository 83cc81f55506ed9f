"""kubectl: one module per command family, and ``printers`` (tables, describers, output formats)."""
