"""``kubectl describe``'s pod template section: DescribePodTemplate and its helpers.

Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeContainers,
describeVolumes, printLabelsMultiline, ...). Everything writes into the
describer's tab writer, as upstream's prefixWriter does.
"""
from __future__ import annotations

import math

from ...api.quantity import canonical_quantity, parse_quantity
from .kubeformat import LAST_APPLIED_ANNOTATION, format_label_selector
from .tabwriter import TabWriter


def print_labels(w: TabWriter, title: str, labels: dict | None) -> None:
    """printLabelsMultiline: sorted ``k=v``, continuation lines start with a tab."""
    w.write(f"{title}:\t")
    if not labels:
        w.write("<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        continuation = "\t" if i else ""
        w.write(f"{continuation}{key}={labels[key]}\n")


def print_annotations(w: TabWriter, title: str, annotations: dict | None) -> None:
    """printAnnotationsMultiline: skips last-applied-configuration; long values wrap."""
    w.write(f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED_ANNOTATION)
    if not keys:
        w.write("<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write("\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > 140 or "\n" in value:
            w.write(f"{key}:\n")
            for line in value.split("\n"):
                w.write(f"\t  {line[:138] + '...' if len(line) > 138 else line}\n")
        else:
            w.write(f"{key}: {value}\n")


def describe_pod_template(w: TabWriter, template: dict) -> None:
    """DescribePodTemplate."""
    metadata, spec = template.get("metadata") or {}, template.get("spec") or {}
    w.write("Pod Template:\n")
    print_labels(w, "  Labels", metadata.get("labels"))
    if metadata.get("annotations"):
        print_annotations(w, "  Annotations", metadata["annotations"])
    if spec.get("serviceAccountName"):
        w.write(f"  Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _describe_containers(w, "Init Containers", spec["initContainers"])
    _describe_containers(w, "Containers", spec.get("containers") or [])
    _describe_volumes(w, spec.get("volumes") or [])
    _describe_topology_spread(w, spec.get("topologySpreadConstraints") or [])
    if spec.get("priorityClassName"):
        w.write(f"  Priority Class Name:\t{spec['priorityClassName']}\n")
    print_labels(w, "  Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations(w, spec.get("tolerations") or [])


def _describe_containers(w: TabWriter, label: str, containers: list[dict]) -> None:
    """describeContainers for a template (no container statuses)."""
    w.write(f"  {label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        w.write(f"   {container.get('name', '')}:\n")
        w.write(f"    Image:\t{container.get('image', '')}\n")
        ports = container.get("ports") or []
        container_ports = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        w.write(f"    Ports:\t{container_ports}\n" if "," in container_ports
                else f"    Port:\t{container_ports or '<none>'}\n")
        w.write(f"    Host Ports:\t{host_ports}\n" if "," in host_ports
                else f"    Host Port:\t{host_ports or '<none>'}\n")
        seccomp = ((container.get("securityContext") or {}).get("seccompProfile") or {})
        if seccomp:
            w.write(f"    SeccompProfile:\t{seccomp.get('type', '')}\n")
            if seccomp.get("type") == "Localhost":
                w.write(f"      LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if container.get(key):
                w.write(f"    {title}:\n")
                for argument in container[key]:
                    for line in str(argument).split("\n"):
                        w.write(f"      {line}\n")
        _describe_resources(w, container.get("resources") or {})
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if container.get(key):
                w.write(f"    {title}:\t{describe_probe(container[key])}\n")
        if container.get("envFrom"):
            _describe_env_from(w, container["envFrom"])
        _describe_env(w, container.get("env") or [], container.get("resources") or {})
        _describe_mounts(w, container.get("volumeMounts") or [], container.get("volumeDevices") or [])


def _describe_resources(w: TabWriter, resources: dict) -> None:
    for title in ("limits", "requests"):
        values = resources.get(title) or {}
        if values:
            w.write(f"    {title.capitalize()}:\n")
        for name in sorted(values):
            w.write(f"      {name}:\t{canonical_quantity(values[name])}\n")


def describe_probe(probe: dict) -> str:
    """DescribeProbe, with the API defaults for unset probe timings."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if "exec" in probe:
        return f"exec [{' '.join(probe['exec'].get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        get = probe["httpGet"]
        host = f"{get.get('host', '')}:{get.get('port', '')}"
        return f"http-get {get.get('scheme', 'HTTP').lower()}://{host}{get.get('path', '')} {attrs}"
    if "tcpSocket" in probe:
        return f"tcp-socket {probe['tcpSocket'].get('host', '')}:{probe['tcpSocket'].get('port', '')} {attrs}"
    if "grpc" in probe:
        return f"grpc <pod>:{probe['grpc'].get('port', '')} {probe['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _describe_env_from(w: TabWriter, sources: list[dict]) -> None:
    w.write("    Environment Variables from:\n")
    for source in sources:
        if "configMapRef" in source:
            kind, ref = "ConfigMap", source["configMapRef"] or {}
        elif "secretRef" in source:
            kind, ref = "Secret", source["secretRef"] or {}
        else:
            kind, ref = "", {}
        optional = "true" if ref.get("optional") else "false"
        prefix = f" with prefix '{source['prefix']}'" if source.get("prefix") else ""
        w.write(f"      {ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")


def _describe_env(w: TabWriter, env: list[dict], resources: dict) -> None:
    w.write("    Environment:\n" if env else "    Environment:\t<none>\n")
    for variable in env:
        name, source = variable.get("name", ""), variable.get("valueFrom")
        if source is None:
            for i, line in enumerate(str(variable.get("value", "")).split("\n")):
                w.write(f"      {name}:\t{line}\n" if i == 0 else f"      \t{line}\n")
        elif "fieldRef" in source:
            ref = source["fieldRef"]
            w.write(f"      {name}:\t ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n")
        elif "resourceFieldRef" in source:
            resource = source["resourceFieldRef"].get("resource", "")
            value = container_resource_value(source["resourceFieldRef"], resources)
            if value == "0" and resource in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(f"      {name}:\t{value} ({resource})\n")
        elif "secretKeyRef" in source or "configMapKeyRef" in source:
            secret = "secretKeyRef" in source
            ref = source["secretKeyRef" if secret else "configMapKeyRef"]
            where = f"in secret '{ref.get('name', '')}'" if secret else f"of config map '{ref.get('name', '')}'"
            optional = "true" if ref.get("optional") else "false"
            w.write(f"      {name}:\t<set to the key '{ref.get('key', '')}' {where}>\tOptional: {optional}\n")


def container_resource_value(selector: dict, resources: dict) -> str:
    """kubectl's ExtractContainerResourceValue: the container's own limit or request over the divisor, rounded up.

    An unset resource counts as 0; a resource it does not know gives "".
    """
    kind, _, name = selector.get("resource", "").partition(".")
    if kind not in ("limits", "requests") or name not in ("cpu", "memory", "ephemeral-storage"):
        return ""
    amount = parse_quantity(str((resources.get(kind) or {}).get(name, "0"))) or 0
    divisor = parse_quantity(str(selector.get("divisor", "0"))) or 1  # a zero divisor means 1
    if name == "cpu":  # MilliValue() of both, each rounded up to a whole milli-unit
        value = math.ceil(amount * 1000) / math.ceil(divisor * 1000)
    else:  # Value() of both, rounded up to whole units
        value = math.ceil(amount) / math.ceil(divisor)
    return str(math.ceil(value))


def _describe_mounts(w: TabWriter, mounts: list[dict], devices: list[dict]) -> None:
    """describeContainerVolumes: mounts sorted by path, then any devices."""
    none = "" if mounts else "\t<none>"
    w.write(f"    Mounts:{none}\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f"path={_go_quote(mount['subPath'])}")
        w.write(f"      {mount.get('mountPath', '')} from {mount.get('name', '')} ({','.join(flags)})\n")
    if devices:
        w.write(f"    Devices:{none}\n")  # upstream reuses the mounts' placeholder here
        for device in sorted(devices, key=lambda d: d.get("devicePath", "")):
            w.write(f"      {device.get('devicePath', '')} from {device.get('name', '')}\n")


def _go_quote(text: str) -> str:
    """Go's %q for printable text: double quotes, with backslash and quote escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _describe_volumes(w: TabWriter, volumes: list[dict]) -> None:
    """describeVolumes for the common volume types; others print ``<unknown>``."""
    if not volumes:
        w.write("  Volumes:\t<none>\n")
        return
    w.write("  Volumes:\n")
    for volume in volumes:
        w.write(f"   {volume.get('name', '')}:\n")
        if "hostPath" in volume:  # upstream's order of checks
            source = volume["hostPath"]
            w.write("    Type:\tHostPath (bare host directory volume)\n"
                    f"    Path:\t{source.get('path', '')}\n"
                    f"    HostPathType:\t{source.get('type', '<none>')}\n")
        elif "emptyDir" in volume:
            source = volume["emptyDir"] or {}
            limit = parse_quantity(str(source.get("sizeLimit", "0"))) or 0
            size = canonical_quantity(source["sizeLimit"]) if limit > 0 else "<unset>"
            w.write("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                    f"    Medium:\t{source.get('medium', '')}\n"
                    f"    SizeLimit:\t{size}\n")
        elif "configMap" in volume:
            source = volume["configMap"]
            w.write("    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                    f"    Name:\t{source.get('name', '')}\n"
                    f"    Optional:\t{'true' if source.get('optional') else 'false'}\n")
        elif "secret" in volume:
            source = volume["secret"]
            w.write("    Type:\tSecret (a volume populated by a Secret)\n"
                    f"    SecretName:\t{source.get('secretName', '')}\n"
                    f"    Optional:\t{'true' if source.get('optional') else 'false'}\n")
        elif "nfs" in volume:
            source = volume["nfs"]
            w.write("    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                    f"    Server:\t{source.get('server', '')}\n"
                    f"    Path:\t{source.get('path', '')}\n"
                    f"    ReadOnly:\t{'true' if source.get('readOnly') else 'false'}\n")
        elif "persistentVolumeClaim" in volume:
            source = volume["persistentVolumeClaim"]
            w.write("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                    "namespace)\n"
                    f"    ClaimName:\t{source.get('claimName', '')}\n"
                    f"    ReadOnly:\t{'true' if source.get('readOnly') else 'false'}\n")
        elif "downwardAPI" in volume:
            w.write("    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for item in (volume["downwardAPI"] or {}).get("items") or []:
                for ref in ("fieldRef", "resourceFieldRef"):
                    if item.get(ref):
                        selected = item[ref].get("fieldPath" if ref == "fieldRef" else "resource", "")
                        w.write(f"      {selected} -> {item.get('path', '')}\n")
        elif "projected" in volume:
            _describe_projected(w, volume["projected"] or {})
        elif "csi" in volume:
            source = volume["csi"]
            w.write("    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
                    f"    Driver:\t{source.get('driver', '')}\n"
                    f"    FSType:\t{source.get('fsType', '')}\n"
                    f"    ReadOnly:\t{'true' if source.get('readOnly') else 'false'}\n")
            _describe_csi_attributes(w, source.get("volumeAttributes") or {})
        else:
            w.write("  <unknown>\n")


def _describe_projected(w: TabWriter, projected: dict) -> None:
    """printProjectedVolumeSource: one entry per source, at the volume's own indent."""
    w.write("    Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in projected.get("sources") or []:
        if source.get("secret") is not None:
            optional = "true" if source["secret"].get("optional") else "false"
            w.write(f"    SecretName:\t{source['secret'].get('name', '')}\n    Optional:\t{optional}\n")
        elif source.get("downwardAPI") is not None:
            w.write("    DownwardAPI:\ttrue\n")
        elif source.get("configMap") is not None:
            optional = "true" if source["configMap"].get("optional") else "false"
            w.write(f"    ConfigMapName:\t{source['configMap'].get('name', '')}\n    Optional:\t{optional}\n")
        elif source.get("serviceAccountToken") is not None:
            # expirationSeconds defaults to 3600 on the API server
            w.write(f"    TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 3600)}\n")


def _describe_csi_attributes(w: TabWriter, attributes: dict) -> None:
    """printCSIPersistentVolumeAttributesMultilineIndent: every piece is written at level 2.

    Upstream prefixes each Write call, so continuation lines carry the indent
    twice and each value four spaces into its cell; reproduced as is.
    """
    w.write("    VolumeAttributes:\t")
    if not attributes:
        w.write("<none>\n")
        return
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write("        \t")
        line = f"{key}={attributes[key]}"
        w.write(f"    {line[:140]}...\n" if len(line) > 140 else f"    {line}\n")


def _describe_topology_spread(w: TabWriter, constraints: list[dict]) -> None:
    if not constraints:
        return
    w.write("  Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write("  \t")
        text = f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} when max skew " \
               f"{tsc.get('maxSkew', 0)} is exceeded"
        if tsc.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(tsc['labelSelector'])}"
        w.write(text + "\n")


def _print_tolerations(w: TabWriter, tolerations: list[dict]) -> None:
    """printPodTolerationsMultiline: sorted by key, ``key=value:Effect op=Exists for Ns``."""
    w.write("  Tolerations:\t")
    if not tolerations:
        w.write("<none>\n")
        return
    for i, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        key, value, effect = toleration.get("key", ""), toleration.get("value", ""), toleration.get("effect", "")
        text = ("\t" if i else "") + key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
        if toleration.get("operator") == "Exists" and not value:
            text += " op=Exists" if key or effect else "op=Exists"
        if toleration.get("tolerationSeconds") is not None:
            text += f" for {toleration['tolerationSeconds']}s"
        w.write(text + "\n")
