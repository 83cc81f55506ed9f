"""k8sjobs-edu: learn Kubernetes Jobs on a faithful, simulated cluster.

The public API (see the README's tour): manifests (``load_job``), the pure
controller (``sync_job``), the simulated ``Cluster``, ``workloads``, kubectl
text (``Cluster.kubectl``), pictures (``plot_timeline``, ``plot_counts``)
and ``widgets``.
"""
import importlib

from . import workloads
from .backoff import BackoffRecord
from .cluster import AlreadyExists, Cluster, SimulationLimitError
from .controller import SyncResult, sync_job
from .duration import human_duration
from .jobpods import JobPods
from .manifest import FieldError, ManifestError, load_job, load_jobs
from .model import (
    EPOCH,
    KUBERNETES_VERSION,
    Condition,
    Event,
    Job,
    JobSpec,
    JobStatus,
    NotFound,
    Pod,
    to_time,
    to_timestamp,
)
from .timeline import Snapshot, Timeline
from .workloads import Outcome, Workload

__version__ = "0.1.0"


def __getattr__(name):
    # matplotlib and ipywidgets load only when pictures or widgets are used.
    if name in ("plot_timeline", "plot_counts", "set_cursor"):
        return getattr(importlib.import_module(".plots", __name__), name)
    if name == "widgets":
        return importlib.import_module(".widgets", __name__)
    raise AttributeError(f"module 'k8sjobs_edu' has no attribute {name!r}")
