"""The POSIX shell subset: syntax tree, lexer and parser, the executor, arithmetic and builtins, and the
machine a command runs on (``machine``, with one program ``call`` on it)."""
