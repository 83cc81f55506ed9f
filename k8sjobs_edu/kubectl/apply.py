"""``kubectl apply -f``, ``kubectl create -f`` and ``kubectl create job``.

Client-side apply: kubectl records the manifest in the
``last-applied-configuration`` annotation and sends it; the API server
defaults, validates and answers created, configured or unchanged. A rejected
manifest is printed as kubectl's cmdutil prints the server's error.
``--validate`` (see ``validate``) decides what happens to unknown fields.
"""
from __future__ import annotations

import copy
import json
import os


from .common import SIMULATOR, KubectlError, existing_job, job_state, namespace_of, usage_error
from .printers import views
from .validate import STRICT, send, undecodable_text, validation_directive, warnings_text


def read_manifests(path: str) -> list[tuple[str, dict]]:
    """``-f PATH``: the documents of a file, or of every .yaml/.yml/.json file in a directory."""
    if not os.path.exists(path):
        raise KubectlError(f'error: the path "{path}" does not exist')
    files = [path] if not os.path.isdir(path) else [
        os.path.join(path, f) for f in sorted(os.listdir(path)) if f.endswith((".yaml", ".yml", ".json"))]
    from ..api.validation.errors import ManifestError
    from ..api.yaml_input import parse_yaml_documents

    documents = []
    for file in files:
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
            loaded = parse_yaml_documents(text)  # the loader's limits: no alias bombs, no huge files
        except (UnicodeDecodeError, ManifestError) as err:
            raise KubectlError(f"error: error parsing {file}: {err}") from None
        documents += [(file, doc) for doc in loaded if doc]
    return documents



def apply_command(cluster, args: list[str], flags: dict) -> str:
    directive = validation_directive(flags)
    if "filename" not in flags:
        raise usage_error("apply", "must specify one of -f and -k")
    out, errors = [], []
    for file, document in read_manifests(flags["filename"]):
        try:
            out.append(_apply_one(cluster, file, document, flags, directive))
        except KubectlError as err:
            errors.append(err.text)
    return "".join(out + errors)


def _apply_one(cluster, file: str, document: dict, flags: dict, directive: str) -> str:
    name = (document.get("metadata") or {}).get("name", "")
    sent = with_last_applied(document, namespace_of(flags))  # the annotation keeps the file as written
    dry_run = dry_run_suffix(flags)
    existing = existing_job(cluster, name)
    before = job_state(existing) if existing is not None else None
    if dry_run:
        verb = "created" if existing is None else "configured"
        return f"job.batch/{name} {verb}{dry_run}\n"
    job, warnings = _write(cluster.apply, sent, file, name, document, directive)
    if before is None:
        verb = "created"
    else:
        verb = "unchanged" if job_state(job) == before else "configured"
    return warnings + created_output(job, verb, flags)


def _write(write, sent: dict, file: str, name: str, document: dict, directive: str):
    """Send ``sent`` with ``write`` (the cluster's apply or create); the Job and kubectl's warnings."""
    try:
        job, dropped = send(write, sent, directive)
    except ValueError as err:
        text = undecodable_text(err, file, name, document) if directive != STRICT else None
        raise KubectlError(text or manifest_error_text(err, file, name, "creating"))
    return job, warnings_text(dropped, directive)


def create_command(cluster, args: list[str], flags: dict) -> str:
    if args and args[0] == "job":
        return _create_job(cluster, args[1:], flags)
    if args:
        raise KubectlError(f'error: {SIMULATOR} does not simulate "kubectl create {args[0]}"')
    directive = validation_directive(flags)
    if "filename" not in flags:
        raise usage_error("create", "must specify one of -f and -k")
    out, errors = [], []
    for file, document in read_manifests(flags["filename"]):
        try:
            name = (document.get("metadata") or {}).get("name", "")
            sent = with_last_applied(document, namespace_of(flags)) if flags.get("save-config") else document
            if dry_run_suffix(flags):
                out.append(f"job.batch/{name} created{dry_run_suffix(flags)}\n")
                continue
            job, warnings = _write(cluster.create, sent, file, name, document, directive)
            out.append(warnings + created_output(job, "created", flags))
        except KubectlError as err:
            errors.append(err.text)
    return "".join(out + errors)


def _create_job(cluster, args: list[str], flags: dict) -> str:
    """``kubectl create job NAME --image=IMAGE -- CMD ...`` (create_job.go createJob)."""
    if not args:
        raise usage_error("create job", "NAME is required")
    if not flags.get("image"):
        raise KubectlError("error: either --image or --from must be specified")
    manifest = create_job_manifest(args[0], flags["image"], flags.get("--", []), cluster.kubectl_version)
    if dry_run_suffix(flags):
        output = flags.get("output", "")
        if output == "yaml":
            return views.to_yaml(manifest)
        if output == "json":
            return go_json_typed(manifest)
        return f"job.batch/{args[0]} created{dry_run_suffix(flags)}\n"
    request = create_job_manifest(args[0], flags["image"], flags.get("--", []))
    del request["status"]
    try:
        job = cluster.create(request)
    except ValueError as err:
        raise KubectlError(f"error: failed to create job: {err}")
    return created_output(job, "created", flags)


def create_job_manifest(name: str, image: str, command: list[str], kubectl_version: str = "1.34") -> dict:
    """The Job that ``kubectl create job`` sends, as ``--dry-run=client -o yaml`` prints it.

    The container is named after the Job and ``restartPolicy`` is ``Never``.
    Before Kubernetes 1.34 a zero ``creationTimestamp`` printed as ``null``;
    since then it is omitted (kubernetes#130989).
    """
    container = {"name": name, "image": image, "resources": {}}
    if command:
        container["command"] = list(command)
    metadata, template_metadata = {"name": name}, {}
    if views.version_tuple(kubectl_version) < (1, 34):
        metadata, template_metadata = {"name": name, "creationTimestamp": None}, {"creationTimestamp": None}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata,
            "spec": {"template": {"metadata": template_metadata,
                                  "spec": {"containers": [container], "restartPolicy": "Never"}}},
            "status": {}}


def go_json_typed(manifest: dict) -> str:
    """``-o json`` of the typed Job kubectl built: Go struct field order, not sorted keys."""
    container = manifest["spec"]["template"]["spec"]["containers"][0]
    ordered_container = {k: container[k] for k in ("name", "image", "command", "resources") if k in container}
    ordered = {"kind": "Job", "apiVersion": "batch/v1", "metadata": manifest["metadata"],
               "spec": {"template": {"metadata": manifest["spec"]["template"]["metadata"], "spec": {
                   "containers": [ordered_container], "restartPolicy": "Never"}}},
               "status": {}}
    return views.go_json(ordered, sort_keys=False)


def with_last_applied(document: dict, namespace: str) -> dict:
    """Add kubectl's ``last-applied-configuration`` annotation, as client-side apply does."""
    applied = copy.deepcopy(document)
    metadata = applied.setdefault("metadata", {})
    metadata.setdefault("namespace", namespace)
    annotations = metadata.setdefault("annotations", {})
    annotations.pop(views.LAST_APPLIED_ANNOTATION, None)
    encoded = json.dumps(applied, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        encoded = encoded.replace(char, escaped)
    annotations[views.LAST_APPLIED_ANNOTATION] = encoded + "\n"
    return applied


def dry_run_suffix(flags: dict) -> str:
    """``""`` for a real request, else the suffix kubectl prints: ``" (dry run)"`` or ``" (server dry run)"``."""
    value = flags.get("dry-run", "none")
    if value not in ("none", "client", "server", "unchanged"):
        raise KubectlError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    return {"none": "", "server": " (server dry run)"}.get(value, " (dry run)")


def created_output(job, verb: str, flags: dict) -> str:
    output = flags.get("output", "")
    if output == "yaml":
        return views.job_yaml(job)
    if output == "json":
        return views.job_json(job)
    return f"job.batch/{job.name} {verb}\n"


def manifest_error_text(err: ValueError, file: str, name: str, action: str) -> str:
    """A rejected manifest as kubectl prints it (cmdutil.StandardErrorMessage and friends)."""
    if type(err).__name__ == "AlreadyExists":  # cluster.AlreadyExists; matched by name to stay decoupled
        return f'Error from server (AlreadyExists): error when {action} "{file}": {err}'
    causes = getattr(err, "errors", None) or []
    first = causes[0] if causes else None
    field, kind = getattr(first, "field", ""), getattr(first, "type", "")
    if field in ("apiVersion", "kind") and kind == "Required value":  # kubectl's client-side validation
        return (f'error: error validating "{file}": {err}; if you choose to ignore these errors, '
                "turn validation off with --validate=false")
    if field == "kind":
        detail = getattr(first, "detail", str(err))
        if detail.startswith("no matches for kind"):
            return (f'error: resource mapping not found for name: "{name}" namespace: "" from "{file}": '
                    f"{detail}\nensure CRDs are installed first")
        return f"error: {detail}"
    if kind in ("Unknown field", "Invalid type", "Syntax error"):
        return f'Error from server (BadRequest): error when {action} "{file}": {err}'
    if not field and causes:  # a problem with the source as a whole
        return f"error: {err}"
    return invalid_text(name, causes, err)


def invalid_text(name: str, causes: list, err: Exception) -> str:
    """``The Job "x" is invalid: ...``, with one ``* `` line per cause when there are several."""
    header = f'The Job "{name}" is invalid'
    lines = list(dict.fromkeys(_cause_text(c) for c in causes))
    if not lines:
        return f"{header}: {err}"
    if len(lines) == 1:
        return f"{header}: {lines[0]}"
    return f"{header}: \n" + "".join(f"* {line}\n" for line in lines)


def _cause_text(cause) -> str:
    """``<field>: <body>`` of one field error (its ``str`` when it already reads that way)."""
    text = str(cause)
    field = getattr(cause, "field", "")
    if field and text.startswith(f"{field}: "):
        return text
    return f"{field}: {getattr(cause, 'type', '')}: {getattr(cause, 'detail', text)}"
