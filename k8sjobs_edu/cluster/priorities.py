"""The order of events due at the same instant of the virtual clock.

API writes run first, then the kubelet, then controller syncs, then garbage
collection; events of one priority run in the order they were scheduled.
Every part of the cluster schedules its events with these, so a run's order
(and so its output) depends on nothing but its inputs.
"""

API, KUBELET, CONTROLLER, GC = 0, 1, 2, 3
