"""The pod template of a Job: the parts of core pod validation a Job manifest meets.

Mirrors upstream ``ValidatePodTemplateSpec`` and the essential rules of
``ValidatePodSpec`` (pkg/apis/core/validation/validation.go): volumes,
containers and init containers, restart and DNS policies, in upstream's order.
The Job-specific rule on ``restartPolicy`` (only OnFailure or Never) is in
``validation``.
"""
from __future__ import annotations

from ..quantity import parse_quantity
from .errors import FieldError
from .names import dns1123_label_errors, not_supported, qualified_name_errors, validate_annotations, validate_labels

MAX_INT32 = 2147483647


# ---- the pod template (core validation, the rules a Job manifest meets) ---------------

# Volume sources in the order upstream's validateVolumeSource checks them, with the
# path element it reports (upstream spells two of them differently from the field).
VOLUME_SOURCES = [
    ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"), ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"), ("glusterfs", "glusterfs"), ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"), ("cinder", "cinder"), ("cephfs", "cephFS"),
    ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"), ("flexVolume", "flexVolume"),
    ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"), ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"),
    ("csi", "csi"), ("ephemeral", "ephemeral"), ("image", "image"),
]
PROBE_FIELDS = ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")
# pkg/apis/core/helper: standardResources and standardContainerResources.
STANDARD_RESOURCES = {
    "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
    "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
    "services.nodeports", "services.loadbalancers"}
STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
IS_NEGATIVE = "must be greater than or equal to 0"  # apimachinery validation.IsNegativeErrorMsg


def validate_pod_template(template: dict, path: str) -> list[FieldError]:
    """Upstream ``ValidatePodTemplateSpec`` (note: template labels are reported at ``<path>.labels``)."""
    meta = template.get("metadata") or {}
    errors = validate_labels(meta.get("labels"), path + ".labels")
    errors += validate_annotations(meta.get("annotations"), path + ".annotations")
    return errors + validate_pod_spec(template.get("spec") or {}, path + ".spec")


def validate_pod_spec(spec: dict, path: str) -> list[FieldError]:
    """The essential rules of upstream ``ValidatePodSpec``, in its order."""
    errors = []
    if spec.get("terminationGracePeriodSeconds") is None:
        errors.append(FieldError(path + ".terminationGracePeriodSeconds", "Required value"))
    volumes, volume_errors = _volumes(spec.get("volumes") or [], path + ".volumes")
    errors += volume_errors
    containers = spec.get("containers") or []
    errors += _containers(containers, volumes, path + ".containers")
    errors += _init_containers(spec.get("initContainers") or [], containers, volumes, path + ".initContainers")
    restart_policy = spec.get("restartPolicy") or ""
    if not restart_policy:
        errors.append(FieldError(path + ".restartPolicy", "Required value"))
    elif restart_policy not in ("Always", "OnFailure", "Never"):
        errors.append(not_supported(path + ".restartPolicy", restart_policy, ["Always", "OnFailure", "Never"]))
    dns_policy = spec.get("dnsPolicy") or ""
    if not dns_policy:
        errors.append(FieldError(path + ".dnsPolicy", "Required value"))
    elif dns_policy not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        errors.append(not_supported(path + ".dnsPolicy", dns_policy,
                                    ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]))
    errors += validate_labels(spec.get("nodeSelector"), path + ".nodeSelector")
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None and not 1 <= deadline <= MAX_INT32:
        errors.append(FieldError(path + ".activeDeadlineSeconds", "Invalid value",
                                 f"must be between 1 and {MAX_INT32}, inclusive", deadline))
    for name in ("hostname", "subdomain"):
        value = spec.get(name) or ""
        if value:
            errors += [FieldError(f"{path}.{name}", "Invalid value", msg, value)
                       for msg in dns1123_label_errors(value)]
    return errors


def _volumes(volumes: list, path: str) -> tuple[set[str], list[FieldError]]:
    """Upstream ``ValidateVolumes``: only volumes without errors can be mounted."""
    known, errors = set(), []
    for i, volume in enumerate(volumes):
        volume, at = volume or {}, f"{path}[{i}]"
        volume_errors = []
        size_limit = (volume.get("emptyDir") or {}).get("sizeLimit")
        if size_limit is not None and (parse_quantity(str(size_limit)) or 0) < 0:
            volume_errors.append(FieldError(at + ".emptyDir.sizeLimit", "Forbidden",
                                            "SizeLimit field must be a valid resource quantity"))
        sources = [shown for key, shown in VOLUME_SOURCES if volume.get(key) is not None]
        if not sources:
            volume_errors.append(FieldError(at, "Required value", "must specify a volume type"))
        volume_errors += [FieldError(f"{at}.{shown}", "Forbidden", "may not specify more than 1 volume type")
                          for shown in sources[1:]]
        name = volume.get("name") or ""
        if not name:
            volume_errors.append(FieldError(at + ".name", "Required value"))
        else:
            volume_errors += [FieldError(at + ".name", "Invalid value", msg, name)
                              for msg in dns1123_label_errors(name)]
        if name in known:
            volume_errors.append(FieldError(at + ".name", "Duplicate value", value=name))
        if volume_errors:
            errors += volume_errors
        else:
            known.add(name)
    return known, errors


def _container_common(container: dict, volumes: set[str], path: str) -> list[FieldError]:
    """Upstream ``validateContainerCommon``: name, image, termination message, mounts, pull policy."""
    errors = []
    name = container.get("name") or ""
    if not name:
        errors.append(FieldError(path + ".name", "Required value"))
    else:
        errors += [FieldError(path + ".name", "Invalid value", msg, name) for msg in dns1123_label_errors(name)]
    if not container.get("image"):
        errors.append(FieldError(path + ".image", "Required value"))
    message_policy = container.get("terminationMessagePolicy") or ""
    if not message_policy:
        errors.append(FieldError(path + ".terminationMessagePolicy", "Required value"))
    elif message_policy not in ("File", "FallbackToLogsOnError"):
        errors.append(not_supported(path + ".terminationMessagePolicy", message_policy,
                                    ["File", "FallbackToLogsOnError"]))
    mount_paths = set()
    for i, mount in enumerate(container.get("volumeMounts") or []):
        mount, at = mount or {}, f"{path}.volumeMounts[{i}]"
        mount_name, mount_path = mount.get("name") or "", mount.get("mountPath") or ""
        if not mount_name:
            errors.append(FieldError(at + ".name", "Required value"))
        if mount_name not in volumes:
            errors.append(FieldError(at + ".name", "Not found", value=mount_name))
        if not mount_path:
            errors.append(FieldError(at + ".mountPath", "Required value"))
        if mount_path in mount_paths:
            errors.append(FieldError(at + ".mountPath", "Invalid value", "must be unique", mount_path))
        mount_paths.add(mount_path)
    pull_policy = container.get("imagePullPolicy") or ""
    if not pull_policy:
        errors.append(FieldError(path + ".imagePullPolicy", "Required value"))
    elif pull_policy not in ("Always", "IfNotPresent", "Never"):
        errors.append(not_supported(path + ".imagePullPolicy", pull_policy, ["Always", "IfNotPresent", "Never"]))
    return errors + _resources(container.get("resources") or {}, path + ".resources")


def _resources(resources: dict, path: str) -> list[FieldError]:
    """Upstream ``validateResourceRequirements`` for a container (quantities are already canonical).

    Go walks the maps in random order; here names are taken sorted, so the
    messages come in a stable order. Hugepages rules and the integer check of
    extended resources are left out.
    """
    errors = []
    limits, requests = resources.get("limits") or {}, resources.get("requests") or {}
    for name in sorted(limits):
        at = f"{path}.limits[{name}]"
        errors += _container_resource_name(name, at) + _nonnegative_quantity(limits[name], at)
    for name in sorted(requests):
        at, request = f"{path}.requests[{name}]", requests[name]
        errors += _container_resource_name(name, at) + _nonnegative_quantity(request, at)
        overcommit = _is_native_resource(name) and not name.startswith("hugepages-")  # IsOvercommitAllowed
        if name in limits:
            amount, limit = parse_quantity(str(request)), parse_quantity(str(limits[name]))
            if amount != limit and not overcommit:
                errors.append(FieldError(path + ".requests", "Invalid value",
                                         f"must be equal to {name} limit of {limits[name]}", request))
            elif amount > limit:
                errors.append(FieldError(path + ".requests", "Invalid value",
                                         f"must be less than or equal to {name} limit of {limits[name]}", request))
        elif not overcommit:
            errors.append(FieldError(path + ".limits", "Required value",
                                     "Limit must be set for non overcommitable resources"))
    return errors


def _container_resource_name(name: str, path: str) -> list[FieldError]:
    """Upstream ``validateContainerResourceName`` (with ``validateResourceName`` first)."""
    errors = [FieldError(path, "Invalid value", message, name) for message in qualified_name_errors(name)]
    if not errors and "/" not in name and name not in STANDARD_RESOURCES and not name.startswith("hugepages-"):
        errors.append(FieldError(path, "Invalid value", "must be a standard resource type or fully qualified", name))
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errors.append(FieldError(path, "Invalid value", "must be a standard resource for containers", name))
    elif not _is_native_resource(name) and not _is_extended_resource(name):
        errors.append(FieldError(path, "Invalid value", "doesn't follow extended resource name standard", name))
    return errors


def _is_native_resource(name: str) -> bool:
    """helper.IsNativeResource: no domain, or a kubernetes.io one."""
    return "/" not in name or "kubernetes.io/" in name


def _is_extended_resource(name: str) -> bool:
    """helper.IsExtendedResourceName: outside kubernetes.io, and a qualified name once prefixed ``requests.``."""
    return not _is_native_resource(name) and not name.startswith("requests.") \
        and not qualified_name_errors("requests." + name)


def _nonnegative_quantity(value: str, path: str) -> list[FieldError]:
    """Upstream ``ValidateNonnegativeQuantity``; the value shown is Quantity.String(), the stored form."""
    amount = parse_quantity(str(value))
    return [FieldError(path, "Invalid value", IS_NEGATIVE, value)] if amount is not None and amount < 0 else []


def _containers(containers: list, volumes: set[str], path: str) -> list[FieldError]:
    if not containers:
        return [FieldError(path, "Required value")]
    errors, names = [], set()
    for i, container in enumerate(containers):
        container, at = container or {}, f"{path}[{i}]"
        errors += _container_common(container, volumes, at)
        name = container.get("name") or ""
        if name in names:
            errors.append(FieldError(at + ".name", "Duplicate value", value=name))
        names.add(name)
        if container.get("restartPolicy") is not None:
            errors.append(FieldError(at + ".restartPolicy", "Forbidden", "may not be set for non-init containers"))
    return errors


def _init_containers(init_containers: list, containers: list, volumes: set[str], path: str) -> list[FieldError]:
    errors = []
    names = {(c or {}).get("name") or "" for c in containers}
    for i, container in enumerate(init_containers):
        container, at = container or {}, f"{path}[{i}]"
        errors += _container_common(container, volumes, at)
        restart_policy = container.get("restartPolicy")
        if restart_policy is not None and restart_policy != "Always":
            errors.append(not_supported(at + ".restartPolicy", restart_policy, ["Always"]))
        name = container.get("name") or ""
        if name in names:
            errors.append(FieldError(at + ".name", "Duplicate value", value=name))
        elif name:
            names.add(name)
        if restart_policy != "Always":  # only sidecars may have probes and lifecycle hooks
            errors += [FieldError(f"{at}.{field}", "Forbidden",
                                  "may not be set for init containers without restartPolicy=Always")
                       for field in PROBE_FIELDS if container.get(field) is not None]
    return errors
