#!/usr/bin/env bash
# End to end with a real registry and a real client: Debian's docker-registry
# (distribution 2.8) in token-auth mode against the sandbox's token service,
# and skopeo asking docker-credential-depot for credentials through credHelpers,
# exactly as it would for registry.depot.dev.
#
#   registry_e2e.sh HELPER_BINARY SANDBOX_BINARY
set -euo pipefail

helper_bin=$(realpath "${1:?usage: registry_e2e.sh HELPER SANDBOX}")
sandbox_bin=$(realpath "${2:?usage: registry_e2e.sh HELPER SANDBOX}")
for tool in docker-registry skopeo; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/bootstrap installs it)"; exit 1; }
done

work=$(mktemp -d /tmp/depot-e2e-XXXXXX)
registry_pid=""
cleanup() {
  if [[ -n "$registry_pid" ]]; then kill "$registry_pid" 2>/dev/null || true; fi
  if [[ -f "$work/state/pid" ]]; then kill "$(cat "$work/state/pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
fail() { echo "FAIL: $*"; [[ -f "$work/registry.log" ]] && tail -5 "$work/registry.log" | cut -c1-300; exit 1; }
ok() { echo "ok: $*"; passed=$((passed + 1)); [[ -f "$work/out" ]] && cat "$work/out" >>"$work/all-out"; true; }

# --- the sandbox, then the registry trusting its token service -------------
mkdir -p "$work/state" "$work/bin" "$work/docker" "$work/certs" "$work/home"
"$sandbox_bin" serve --state "$work/state" --daemon
# shellcheck disable=SC1091
source "$work/state/env"
ctl() { "$sandbox_bin" ctl --state "$work/state" "$@"; }

port=""
for _ in $(seq 1 50); do  # a free loopback port; bounded
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || fail "no free port"
registry="127.0.0.1:$port"

cat >"$work/registry.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $work/storage}}
http:
  addr: $registry
  tls: {certificate: $SANDBOX_REGISTRY_TLS_CERT, key: $SANDBOX_REGISTRY_TLS_KEY}
auth:
  token: {realm: "$SANDBOX_REGISTRY_REALM", service: e2e-registry, issuer: $SANDBOX_REGISTRY_ISSUER,
          rootcertbundle: $SANDBOX_REGISTRY_TOKEN_CERT}
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
ready=""
for _ in $(seq 1 100); do  # bounded: 10 s
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$SANDBOX_CA" "https://$registry/v2/" || true)
  if [[ "$code" == 401 ]]; then ready=1; break; fi
  sleep 0.1
done
[[ -n "$ready" ]] || fail "docker-registry did not come up"
echo "registry: https://$registry (token auth via $SANDBOX_REGISTRY_REALM)"

# --- clients: skopeo → credHelpers → docker-credential-depot ---------------
ln -s "$helper_bin" "$work/bin/docker-credential-depot"
cp "$SANDBOX_CA" "$work/certs/ca.crt"
printf '{"credHelpers":{"%s":"depot"}}\n' "$registry" >"$work/docker/config.json"

# The environment of one job: the helper serves this registry and trusts the sandbox.
run_in_job() {  # $1: a job's NAME=value lines, then the command
  local vars
  mapfile -t vars < <(printf '%s\n' "$1" | sed '/^$/d')
  shift
  env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" DOCKER_CONFIG="$work/docker" \
    DEPOT_HELPER_REGISTRIES="$registry" DEPOT_API_URL="$DEPOT_API_URL" SSL_CERT_FILE="$SANDBOX_CA" \
    DEPOT_PROJECT_ID="$SANDBOX_PROJECT_ID" DEPOT_HELPER_CACHE_DIR="$work/cache" "${vars[@]}" \
    timeout 120 "$@"
}
job_env() { ctl --env POST "$1" "$2"; }
skopeo_auth=(--authfile "$work/docker/config.json")

# --- a tiny OCI image, built here: one small tar layer, no network ----------
image="$work/image"
mkdir -p "$image/blobs/sha256" "$work/layer"
echo "hello from docker-credential-depot's e2e test" >"$work/layer/hello.txt"
tar --sort=name --mtime=@0 --owner=0 --group=0 -C "$work/layer" -cf - hello.txt | gzip -n >"$work/layer.tar.gz"
diff_id=$(gzip -dc "$work/layer.tar.gz" | sha256sum | cut -d' ' -f1)
put_blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$image/blobs/sha256/$d"; echo "$d"; }
layer=$(put_blob "$work/layer.tar.gz"); layer_size=$(stat -c %s "$work/layer.tar.gz")
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$diff_id" >"$work/config.json"
config=$(put_blob "$work/config.json"); config_size=$(stat -c %s "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" >"$work/manifest.json"
manifest=$(put_blob "$work/manifest.json"); manifest_size=$(stat -c %s "$work/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' >"$image/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' \
  "$manifest" "$manifest_size" >"$image/index.json"
echo "image: sha256:$manifest"

# 1. A static project token pushes the image.
run_in_job "DEPOT_TOKEN=$SANDBOX_PROJECT_TOKEN" skopeo copy --quiet "${skopeo_auth[@]}" --dest-cert-dir "$work/certs" \
  "oci:$image:1" "docker://$registry/acme/app:1" >"$work/out" 2>&1 || fail "push with a project token: $(tail -2 "$work/out")"
ok "a static project token pushes through the helper"

# 2. Each CI's job pulls it back with an OIDC-derived pull token: no static secret.
github='{"repository":"'"$SANDBOX_GITHUB_REPOSITORY"'"}'
buildkite='{"organization":"'"$SANDBOX_BUILDKITE_ORGANIZATION"'","pipeline":"'"$SANDBOX_BUILDKITE_PIPELINE"'"}'
circleci='{"org_id":"'"$SANDBOX_CIRCLECI_ORG_ID"'","project_id":"'"$SANDBOX_CIRCLECI_PROJECT_ID"'"}'
for ci in "GitHub Actions|/admin/jobs/github|$github" "Buildkite|/admin/jobs/buildkite|$buildkite" \
          "CircleCI|/admin/tokens/circleci|$circleci"; do
  IFS='|' read -r name route body <<<"$ci"
  job_vars=$(job_env "$route" "$body")
  rm -rf "$work/pulled" "$work/cache"
  run_in_job "$job_vars" skopeo copy --quiet "${skopeo_auth[@]}" --src-cert-dir "$work/certs" \
    "docker://$registry/acme/app:1" "oci:$work/pulled:1" >"$work/out" 2>&1 || fail "$name pull: $(tail -2 "$work/out")"
  grep -q "sha256:$manifest" "$work/pulled/index.json" || fail "$name: the pulled manifest digest differs"
  digest=$(run_in_job "$job_vars" skopeo inspect "${skopeo_auth[@]}" --cert-dir "$work/certs" --format '{{.Digest}}' \
    "docker://$registry/acme/app:1" 2>"$work/out") || fail "$name inspect: $(tail -2 "$work/out")"
  [[ "$digest" == "sha256:$manifest" ]] || fail "$name: inspect shows another digest"
  ok "$name: OIDC → pull token → skopeo copy and inspect, digest sha256:${manifest:0:12}… matches"
done

# 3. Least privilege holds end to end: a pull token cannot push.
job_vars=$(job_env /admin/jobs/github "$github")
rm -rf "$work/cache"
if run_in_job "$job_vars" skopeo copy --quiet "${skopeo_auth[@]}" --dest-cert-dir "$work/certs" \
    "oci:$image:1" "docker://$registry/acme/app:2" >"$work/out" 2>&1; then
  fail "a pull token pushed"
fi
grep -qi "denied\|unauthorized" "$work/out" || fail "the refused push did not say denied: $(tail -2 "$work/out")"
ok "a pull token is refused a push by the registry"

# 4. No CI and no token: the helper answers not-found, skopeo goes anonymous, the registry says 401.
if run_in_job "" skopeo inspect "${skopeo_auth[@]}" --cert-dir "$work/certs" "docker://$registry/acme/app:1" \
    >"$work/out" 2>&1; then
  fail "an anonymous client could read the image"
fi
grep -qi "unauthorized\|authentication required" "$work/out" || fail "anonymous: $(tail -2 "$work/out")"
ok "without CI or token skopeo falls back to anonymous and the registry refuses"

# 5. Nothing secret in what the clients printed.
touch "$work/all-out"
if grep -qE "depot_pull_|depot_gha_|depot_project_|eyJ" "$work/all-out" "$work/registry.log"; then
  fail "a token appears in the clients' or the registry's output"
fi
ok "no token in skopeo's or the registry's output"

echo "$passed passed, 0 failed"
