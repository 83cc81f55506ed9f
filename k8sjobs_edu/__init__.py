"""k8sjobs-edu: learn Kubernetes Jobs on a faithful, simulated cluster.

The public API (see the README's tour): manifests (``load_job``), the pure
controller (``sync_job``), the simulated ``Cluster``, ``workloads``, kubectl
text (``Cluster.kubectl``), pictures (``plot_timeline``, ``plot_counts``)
and ``widgets``.
"""
import importlib

from .cluster import workloads
from .controller.backoff import BackoffRecord
from .cluster.cluster import AlreadyExists, Cluster, SimulationLimitError
from .controller.sync import SyncResult, sync_job
from .kubectl.printers.duration import human_duration
from .controller.jobpods import JobPods
from .api.manifest import FieldError, ManifestError, load_job, load_jobs
from .api.model import (
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
from .cluster.timeline import Snapshot, Timeline
from .cluster.workloads import Outcome, Workload

__version__ = "0.1.0"


def __getattr__(name):
    # matplotlib and ipywidgets load only when pictures or widgets are used.
    if name in ("plot_timeline", "plot_counts", "set_cursor"):
        return getattr(importlib.import_module(".teach.plots", __name__), name)
    if name == "widgets":
        return importlib.import_module(".widgets", __name__)
    raise AttributeError(f"module 'k8sjobs_edu' has no attribute {name!r}")
