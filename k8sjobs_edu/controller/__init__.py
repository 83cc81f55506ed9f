"""The Job controller, pure: one reconcile (``sync_job``) and its helpers, named after upstream.

It reads and returns objects of ``api``; it never reads a clock, draws a random number or knows the cluster.

- ``sync``: ``sync_job`` (upstream ``syncJob``): new finished pods, the verdicts, then manage and track.
- ``sync_context``: ``SyncJobCtx``, the state one sync shares among its steps, and ``SyncResult``, what it returns.
- ``manage``: ``manage_job``: how many pods should run, which to delete, the pods to create.
- ``tracking``: counting finished pods once, stripping their finalizers, the terminal condition.
- ``indexed``: completion indexes of Indexed Jobs: pending, failed, per-index failure counts, pod names.
- ``jobpods``: ``JobPods``, the cluster's index of a Job's pods by the groups a sync reads.
- ``backoff``: the pod-failure back-off record and delays.
- ``policies``: matching a podFailurePolicy and a successPolicy.
"""
