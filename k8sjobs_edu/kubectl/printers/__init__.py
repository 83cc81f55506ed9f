"""What kubectl prints: pure functions of (objects, now, options) -> text (pkg/printers, pkg/describe)."""
