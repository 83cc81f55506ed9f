"""The simulation: the virtual clock and event heap, the API store, kubelet, garbage collector, TTL
controller, event recording and the recorded timeline. It runs the pure controller of ``controller``.
"""
