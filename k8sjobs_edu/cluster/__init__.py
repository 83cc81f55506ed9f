"""The simulation. ``cluster.SimulatedCluster`` is the engine (virtual clock, event heap, API store and
its verbs); its parts, one module each, follow a pod's life: ``scheduler``, ``kubelet`` (running
``workloads``), ``job_controller`` (the pure controller of ``controller`` at work), ``garbage_collector``
and ``ttl_after_finished``; ``names`` and ``priorities`` are their shared rules, ``events`` the event
recording and ``timeline`` the recorded history. kubectl on top of it is ``kubectl.cluster.Cluster``.
"""
