"""k8sjobs-edu: learn Kubernetes Jobs on a faithful, simulated cluster.

The public API (see the README's tour): manifests (``load_job``), the pure
controller (``sync_job``), the simulated ``Cluster``, ``workloads``, kubectl
text (``Cluster.kubectl``), pictures (``plot_timeline``, ``plot_counts``)
and ``widgets``.
"""
import importlib

from .api.manifest import load_job, load_jobs
from .api.model import Job, Pod
from .api.timestamps import EPOCH, to_time, to_timestamp
from .api.types import Condition, Event, JobSpec, JobStatus, NotFound
from .api.validation.errors import FieldError, ManifestError
from .api.wellknown import KUBERNETES_VERSION
from .cluster import workloads
from .cluster.cluster import AlreadyExists, SimulationLimitError
from .cluster.timeline import Snapshot, Timeline
from .cluster.workloads import Outcome, Workload
from .controller.backoff import BackoffRecord
from .controller.jobpods import JobPods
from .controller.sync import sync_job
from .controller.sync_context import SyncResult
from .kubectl.cluster import Cluster
from .kubectl.printers.duration import human_duration

__version__ = "0.1.0"

# plot_timeline, plot_counts, set_cursor and widgets are public too, but load on first use (see __getattr__).
__all__ = [
    "EPOCH", "KUBERNETES_VERSION", "AlreadyExists", "BackoffRecord", "Cluster", "Condition", "Event", "FieldError",
    "Job", "JobPods", "JobSpec", "JobStatus", "ManifestError", "NotFound", "Outcome", "Pod", "SimulationLimitError",
    "Snapshot", "SyncResult", "Timeline", "Workload", "human_duration", "load_job", "load_jobs", "sync_job",
    "to_time", "to_timestamp", "workloads",
]


def __getattr__(name):
    # matplotlib and ipywidgets load only when pictures or widgets are used.
    if name in ("plot_timeline", "plot_counts", "set_cursor"):
        return getattr(importlib.import_module(".teach.plots", __name__), name)
    if name == "widgets":
        return importlib.import_module(".widgets", __name__)
    raise AttributeError(f"module 'k8sjobs_edu' has no attribute {name!r}")
