"""What a container does: the command interpreter (a POSIX shell, common programs, Python and Perl
subsets, pi). Nothing is ever run on the host. Used by the cluster only.
"""
