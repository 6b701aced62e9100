"""Walks every resource in a folder of Bicep files against Azure's published resource types.

The types are the models Microsoft generates from its REST API specs (the same specs Bicep's own
type library is generated from) for the exact API version each resource names, read from the
pinned azure-mgmt-* packages in infra/resource-types-requirements.txt. The packages' sources are
read as syntax trees, never imported, so nothing of them runs.

Usage: python resource_types.py <folder>  -> JSON report on stdout:
  {"resources": n, "properties": n, "reads": n, "types": [...], "violations": [...]}
"""

import ast
import difflib
import json
import sys
import sysconfig
from pathlib import Path

from pycep import BicepParser

# (type, API version) -> package folder of the models, model a PUT sends, model a GET returns.
# Names the resource's `name` picks a different body (sites/config) are listed by name.
TYPES = {
    ("microsoft.web/serverfarms", "2024-04-01"): ("web/v2024_04_01", "AppServicePlan", None),
    ("microsoft.web/sites", "2024-04-01"): ("web/v2024_04_01", "Site", None),
    ("microsoft.web/sites/basicpublishingcredentialspolicies", "2024-04-01"): (
        "web/v2024_04_01",
        "CsmPublishingCredentialsPoliciesEntity",
        None,
    ),
    ("microsoft.web/sites/config", "2024-04-01"): (
        "web/v2024_04_01",
        {
            "appsettings": "StringDictionary",
            "authsettingsV2": "SiteAuthSettingsV2",
            "web": "SiteConfigResource",
            "connectionstrings": "ConnectionStringDictionary",
        },
        None,
    ),
    ("microsoft.storage/storageaccounts", "2023-05-01"): (
        "storage/v2023_05_01",
        "StorageAccountCreateParameters",
        "StorageAccount",
    ),
    ("microsoft.storage/storageaccounts/blobservices", "2023-05-01"): (
        "storage/v2023_05_01",
        "BlobServiceProperties",
        None,
    ),
    ("microsoft.storage/storageaccounts/blobservices/containers", "2023-05-01"): (
        "storage/v2023_05_01",
        "BlobContainer",
        None,
    ),
    ("microsoft.storage/storageaccounts/queueservices", "2023-05-01"): (
        "storage/v2023_05_01",
        "QueueServiceProperties",
        None,
    ),
    ("microsoft.storage/storageaccounts/queueservices/queues", "2023-05-01"): (
        "storage/v2023_05_01",
        "StorageQueue",
        None,
    ),
    ("microsoft.storage/storageaccounts/tableservices", "2023-05-01"): (
        "storage/v2023_05_01",
        "TableServiceProperties",
        None,
    ),
    ("microsoft.storage/storageaccounts/tableservices/tables", "2023-05-01"): (
        "storage/v2023_05_01",
        "Table",
        None,
    ),
    ("microsoft.keyvault/vaults", "2023-07-01"): (
        "keyvault/v2023_07_01",
        "VaultCreateOrUpdateParameters",
        "Vault",
    ),
    ("microsoft.managedidentity/userassignedidentities", "2023-01-31"): (
        "msi/v2023_01_31",
        "Identity",
        None,
    ),
    ("microsoft.operationalinsights/workspaces", "2025-07-01"): ("loganalytics", "Workspace", None),
    ("microsoft.insights/components", "2020-02-02"): (
        "applicationinsights/v2020_02_02",
        "ApplicationInsightsComponent",
        None,
    ),
    ("microsoft.authorization/roleassignments", "2022-04-01"): (
        "authorization/v2022_04_01",
        "RoleAssignmentCreateParameters",
        "RoleAssignment",
    ),
    ("microsoft.resources/resourcegroups", "2024-07-01"): (
        "resource/resources/v2024_07_01",
        "ResourceGroup",
        None,
    ),
}

# Keys Bicep itself reads on a resource body; everything else goes to Azure.
BICEP_KEYS = {"name", "parent", "scope", "dependsOn"}
FLATTENED = {"type": "<flattened>", "readonly": False, "required": False, "enum": None}
# Every resource body may carry these even when a model leaves them out.
ENVELOPE = {"id", "name", "type"}


class Models:
    """The models and enums of one package folder, read from their syntax trees."""

    def __init__(self, folder):
        self.classes = {}
        self.enums = {}
        for source in sorted((folder / "models").glob("*.py")):
            for node in ast.parse(source.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ClassDef):
                    self._read(node)

    def _read(self, node):
        bases = {ast.unparse(b) for b in node.bases}
        if "Enum" in bases:
            self.enums[node.name] = [
                s.value.value
                for s in node.body
                if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
            ]
            return
        attributes, validation, enum_of = None, {}, {}
        for s in node.body:
            if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name):
                target = s.targets[0].id
                if target == "_attribute_map":
                    attributes = ast.literal_eval(s.value)
                elif target == "_validation":
                    validation = ast.literal_eval(s.value)
            elif isinstance(s, ast.FunctionDef) and s.name == "__init__":
                for arg in s.args.kwonlyargs:
                    hint = ast.unparse(arg.annotation) if arg.annotation else ""
                    if "_models." in hint:
                        enum_of[arg.arg] = hint.split("_models.")[1].split('"')[0].split("'")[0]
        if attributes is not None:
            self.classes[node.name] = (attributes, validation, enum_of)

    def shape(self, name):
        """{json name: field} of a model, its flattened 'properties.x' keys nested back."""
        attributes, validation, enum_of = self.classes[name]
        root = {}
        for python_name, spec in attributes.items():
            path = spec["key"].replace("\\.", "\0").split(".")
            node = root
            for step in path[:-1]:
                step = step.replace("\0", ".")
                node = node.setdefault(step, dict(FLATTENED, fields={}))["fields"]
            rule = validation.get(python_name, {})
            node[path[-1].replace("\0", ".")] = {
                "type": spec["type"],
                "readonly": bool(rule.get("readonly")),
                "required": bool(rule.get("required")),
                "enum": self.enums.get(enum_of.get(python_name, "")),
            }
        return root


class Walk:
    def __init__(self, site_packages):
        self.site_packages = site_packages
        self.packages = {}
        self.violations = []
        self.resources = 0
        self.properties = 0
        self.reads = 0
        self.types = set()

    def models(self, folder):
        if folder not in self.packages:
            self.packages[folder] = Models(self.site_packages / "azure" / "mgmt" / folder)
        return self.packages[folder]

    def fail(self, where, message):
        self.violations.append(f"{where}: {message}")

    # --- a file ---------------------------------------------------------------------------------

    def file(self, path, label):
        parsed = BicepParser().parse(text=path.read_text(encoding="utf-8"))
        symbols = set()
        for section in ("parameters", "variables", "resources", "modules"):
            symbols.update((parsed.get(section) or {}).keys())
        declared = {}
        for symbol, resource in (parsed.get("resources") or {}).items():
            body, loop_item = unwrap(resource["config"])
            if loop_item:
                symbols.add(loop_item)
            declared[symbol] = (resource, body)
        for symbol, (resource, body) in declared.items():
            self.resource(label, symbol, resource, body, symbols)
        for symbol, (resource, body) in declared.items():
            self.reads_of(label, parsed, symbol, resource, body)

    def kind(self, where, resource, body, report=True):
        key = (resource["type"].lower(), resource["api_version"])
        known = TYPES.get(key)
        if known is None and not report:
            return None
        if known is None:
            same = sorted(api for (t, api) in TYPES if t == key[0])
            hint = f" (this walk knows {', '.join(same)})" if same else ""
            self.fail(where, f"{resource['type']}@{resource['api_version']} is not a known type{hint}")
            return None
        folder, write, read = known
        if isinstance(write, dict):
            name = body.get("name")
            if name not in write:
                if not report:
                    return None
                self.fail(where, f"{resource['type']} named {name!r} is not a known body")
                return None
            write = write[name]
        models = self.models(folder)
        self.types.add(f"{resource['type']}@{resource['api_version']}")
        return models, write, read or write

    def resource(self, label, symbol, resource, body, symbols):
        where = f"{label} {symbol} ({resource['type']}@{resource['api_version']})"
        known = self.kind(where, resource, body)
        if known is None:
            return
        models, write, _ = known
        self.resources += 1
        if resource.get("existing"):
            return
        shape = models.shape(write)
        given = {k: v for k, v in body.items() if k not in BICEP_KEYS}
        self.object(where, "", given, shape, models, symbols, top=True)

    # --- values against a shape -------------------------------------------------------------------

    def object(self, where, prefix, given, shape, models, symbols, top=False):
        for key, value in given.items():
            path = f"{prefix}{key}"
            field = shape.get(key)
            if field is None:
                self.unknown(where, path, key, shape)
                continue
            self.properties += 1
            if field["readonly"] and not (top and key in ENVELOPE):
                self.fail(where, f"{path} is read-only: Azure sets it")
                continue
            self.value(where, path, value, field, models, symbols)
        for key, field in shape.items():
            if field["required"] and key not in given and not (top and key in ENVELOPE):
                self.fail(where, f"{prefix}{key} is required")

    def unknown(self, where, path, key, shape):
        same = [k for k in shape if k.lower() == key.lower()]
        if same:
            self.fail(where, f"{path} is spelt {same[0]} in the type (casing differs)")
            return
        near = difflib.get_close_matches(key, shape.keys(), n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        self.fail(where, f"{path} is not a property of this type{hint}")

    def value(self, where, path, value, field, models, symbols):
        kind = field["type"]
        if is_expression(value, symbols):
            return
        if kind == "<flattened>":
            if isinstance(value, dict):
                self.object(where, path + ".", value, field["fields"], models, symbols)
            else:
                self.fail(where, f"{path} must be an object")
            return
        if kind.startswith("[") and kind.endswith("]"):
            if not isinstance(value, list):
                self.fail(where, f"{path} must be an array")
                return
            item = dict(field, type=kind[1:-1], readonly=False, required=False)
            for i, v in enumerate(value):
                self.value(where, f"{path}[{i}]", v, item, models, symbols)
            return
        if kind.startswith("{") and kind.endswith("}"):
            if not isinstance(value, dict):
                self.fail(where, f"{path} must be an object")
                return
            item = dict(field, type=kind[1:-1], readonly=False, required=False)
            for k, v in value.items():
                self.value(where, f"{path}.{k}", v, item, models, symbols)
            return
        if kind in models.classes:
            if isinstance(value, dict):
                self.object(where, path + ".", value, models.shape(kind), models, symbols)
            else:
                self.fail(where, f"{path} must be an object ({kind})")
            return
        if kind == "bool" and not isinstance(value, bool):
            self.fail(where, f"{path} must be true or false, not {value!r}")
        elif kind in ("int", "long", "float") and (
            isinstance(value, bool) or not isinstance(value, (int, float))
        ):
            self.fail(where, f"{path} must be a number, not {value!r}")
        elif kind == "str":
            if not isinstance(value, str):
                self.fail(where, f"{path} must be a string, not {value!r}")
            elif field["enum"] and value not in field["enum"]:
                self.fail(where, f"{path} is {value!r}, not one of {', '.join(field['enum'])}")

    # --- reads: outputs and expressions like app.properties.defaultHostName ---------------------

    def reads_of(self, label, parsed, symbol, resource, body):
        known = self.kind(f"{label} {symbol}", resource, body, report=False)
        if known is None:
            return
        models, _, read = known
        for chain in accessors(parsed, symbol):
            node = {"fields": models.shape(read)}
            for i, step in enumerate(chain):
                fields = node.get("fields")
                if fields is None:
                    break  # past a dictionary or a plain value: nothing more to know
                field = fields.get(step)
                if field is None and i == 0 and step in ENVELOPE:
                    break
                if field is None:
                    same = [k for k in fields if k.lower() == step.lower()]
                    what = f"spelt {same[0]} in the type" if same else "not in the type"
                    self.fail(f"{label} {symbol}", f"reads {'.'.join(chain)}: {step} is {what}")
                    break
                self.reads += 1
                kind = field["type"]
                if kind == "<flattened>":
                    node = field
                elif kind in models.classes:
                    node = {"fields": models.shape(kind)}
                else:
                    node = {}


def unwrap(config):
    """The resource body inside any `if` and `for`, and the loop's item name."""
    loop_item = None
    while "config" in config and ("condition" in config or "loop_type" in config):
        detail = (config.get("loop_type") or {}).get("detail") or {}
        loop_item = loop_item or detail.get("item_name")
        config = config["config"]
    return config, loop_item


def is_expression(value, symbols):
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("operator", "function"):
        return True
    return isinstance(value, str) and ("${" in value or value in symbols)


def accessors(tree, symbol):
    """Every a.b.c chain starting at `symbol`, as [b, c]."""
    found = []

    def chain(node):
        steps = []
        while isinstance(node, dict) and node.get("operator", {}).get("type") == "property_accessor":
            operands = node["operator"]["operands"]
            steps.append(operands["operand_1"])
            node = operands["operand_2"]
        if isinstance(node, str):
            steps.append(node)
        return steps

    def visit(node):
        if isinstance(node, dict):
            if node.get("operator", {}).get("type") == "property_accessor":
                steps = chain(node)
                if len(steps) > 1 and steps[0] == symbol and all(isinstance(s, str) for s in steps):
                    found.append(steps[1:])
            for v in node.values():
                visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)

    visit({k: v for k, v in tree.items() if k != "globals"})
    return found


def main():
    folder = Path(sys.argv[1])
    walk = Walk(Path(sysconfig.get_paths()["purelib"]))
    for path in sorted(folder.rglob("*.bicep")):
        walk.file(path, path.relative_to(folder.parent).as_posix())
    json.dump(
        {
            "resources": walk.resources,
            "properties": walk.properties,
            "reads": walk.reads,
            "types": sorted(walk.types),
            "violations": walk.violations,
        },
        sys.stdout,
        indent=2,
    )


if __name__ == "__main__":
    main()
