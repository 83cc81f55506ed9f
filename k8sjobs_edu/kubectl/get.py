"""``kubectl get``: jobs, pods and events as tables, ``-o wide|yaml|json|name|jsonpath``, ``--sort-by``, ``-w``
(staging/src/k8s.io/kubectl/pkg/cmd/get)."""
from __future__ import annotations

from .common import EMPTY_TYPES, KubectlError, kind_of, lookup, namespace_of, resource_and_names
from .printers import views
from .printers.output import print_objects
from .printers.sort import sort_objects
from .watch import watch


def get_command(cluster, args: list[str], flags: dict) -> str:
    resource, names = resource_and_names("get", args)
    if not resource:
        return ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
                "list of supported resources.\n\nerror: Required resource not specified.\n"
                'Use "kubectl explain <resource>" for a detailed description of that resource '
                "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")
    kind = kind_of(resource)
    output = flags.get("output", "")
    if output not in ("", "wide", "yaml", "json", "name") and not output.startswith("jsonpath="):
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{output}", '
                           "allowed formats are: custom-columns,custom-columns-file,go-template,"
                           "go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
                           "template,templatefile,wide,yaml")
    if kind == "empty":
        if not names:
            return views.no_resources(namespace_of(flags))
        return "".join(f'Error from server (NotFound): {EMPTY_TYPES[resource]} "{n}" not found\n' for n in names)
    if kind == "events":
        if not flags.get("sort-by"):
            return views.get_events(cluster.events, cluster.now, wide=output == "wide")
        stored = views.correlate_events(cluster.events, cluster.now)
        if not stored:
            return views.no_resources(namespace_of(flags))
        stored = sort_objects(stored, flags["sort-by"], table=True)
        if not stored:  # no event has the field: kubectl prints no rows (kubernetes/kubectl#1343)
            return views.no_resources(namespace_of(flags))
        return views.event_table(stored, cluster.now, wide=output == "wide")
    if flags.get("watch"):
        return watch(cluster, kind, names, flags)
    found, errors = lookup(cluster, kind, names, flags)
    found = sorted(found, key=lambda o: o.name)  # the API lists by name
    if flags.get("sort-by"):
        found = sort_objects(found, flags["sort-by"], table=output in ("", "wide"), names=len(names))
    return print_objects(cluster, kind, found, bool(names), flags) + "".join(errors)
