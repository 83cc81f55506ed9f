"""What a container does: the command interpreter (a POSIX shell, common programs, Python and Perl
subsets, pi). Nothing is ever run on the host. Used by the cluster only. ``run`` is the way in
(``interpret``, ``run_container``); ``container`` runs one container of a pod template with it.
"""
