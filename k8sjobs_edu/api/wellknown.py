"""Names the API fixes: the emulated release, and the labels, annotations and finalizers of batch/v1."""

KUBERNETES_VERSION = "1.34"

# Well-known names, as upstream spells them (k8s.io/api/batch/v1).
JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"
JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"
LEGACY_JOB_NAME_LABEL = "job-name"
JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
JOB_INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"
JOB_INDEX_IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count"
JOB_CONTROLLER_NAME = "kubernetes.io/job-controller"
MAX_INT32 = 2147483647
# generateName: the API server appends 5 characters of k8s.io/apimachinery/pkg/util/rand's alphabet
# (no vowels, no look-alikes) to a prefix of at most 63 - 5 characters.
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
MAX_GENERATED_NAME_LENGTH = 58
