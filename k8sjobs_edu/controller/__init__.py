"""The Job controller, pure: one reconcile (``sync_job``) and its helpers, named after upstream.

It reads and returns objects of ``api``; it never reads a clock, draws a random number or knows the cluster.
"""
