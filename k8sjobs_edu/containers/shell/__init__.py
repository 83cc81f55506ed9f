"""The POSIX shell subset: syntax tree, parser, arithmetic, builtins and the executor."""
