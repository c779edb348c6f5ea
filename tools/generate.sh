#!/usr/bin/env bash
# Rebuild the generated clients from openapi.yaml into OUT (default: generated/).
# For each API generation: derive its document (tools/derive_spec.py) into
# OUT/openapi/vX_Y.yaml, and run openapi-python-client on it with our config and
# templates into OUT/appwrite_api/vX_Y, one subpackage of the one `appwrite_api`
# namespace (as githubkit keeps githubkit.versions.v2022_11_28).
# OUT is wiped first, so the result depends on nothing but the inputs.
# VERSIONS="1.8 0.9" limits the run to some generations (a quick check); default: all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/generated}
python=${PYTHON:-python3}
generator=${GENERATOR:-openapi-python-client}

rm -rf "$out"
mkdir -p "$out/openapi" "$out/appwrite_api"
versions=${VERSIONS:-$("$python" "$root/tools/derive_spec.py" --list "$root/openapi.yaml")}
for version in $versions; do
  package=$("$python" "$root/tools/derive_spec.py" --package "$root/openapi.yaml" "$version")
  name=${package#appwrite_api.}
  document="$out/openapi/$name.yaml"
  "$python" "$root/tools/derive_spec.py" "$root/openapi.yaml" "$version" >"$document"
  "$generator" generate --path "$document" --meta none --fail-on-warning \
    --config "$root/generator-config.yaml" --custom-template-path "$root/templates" \
    --output-path "$out/appwrite_api/$name" >/dev/null
done
"$python" "$root/tools/derive_spec.py" --namespace "$root/openapi.yaml" \
  >"$out/appwrite_api/__init__.py"
touch "$out/appwrite_api/py.typed"
