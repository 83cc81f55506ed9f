"""k8sjobs-edu: learn Kubernetes Jobs on a faithful, simulated cluster."""
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

__version__ = "0.1.0"
