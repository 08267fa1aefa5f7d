#!/bin/sh
# Raises every stream and KV bucket of the hub to $REPLICAS (default 3) replicas.
#
# Why: the services create the topology themselves at start-up (packages/nats ensureTopology)
# with NATS_REPLICAS replicas (default 1), and never change a stream that exists. A stream
# created R1 (before NATS_REPLICAS=3 was set, or by an older version) lives on one server and is
# unavailable while that server is down; this raises it. Streams already at $REPLICAS are skipped.
# Runs with the `nats` CLI (nats-box image); the server comes from $NATS_URL. Idempotent.
set -eu
REPLICAS="${REPLICAS:-3}"
WAIT_SECONDS="${WAIT_SECONDS:-600}"
# packages/nats/src/topology.ts: Streams, and Buckets as their KV_<bucket> streams.
STREAMS="CLAIMS DELIVERY ADJUDICATIONS REVERSALS SETTLEMENTS DEADLETTER LEDGER AUDIT_CHAIN KV_claims KV_routing KV_policies KV_filings KV_institutions KV_reconciliations KV_presettlements KV_platform-keys"

deadline=$(( $(date +%s) + WAIT_SECONDS ))
for s in $STREAMS; do
  until nats stream info "$s" --json >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "stream $s does not exist after ${WAIT_SECONDS}s (are the services running?)" >&2
      exit 1
    fi
    sleep 5
  done
  current=$(nats stream info "$s" --json | sed -n 's/.*"num_replicas": *\([0-9][0-9]*\).*/\1/p' | head -n 1)
  if [ "${current:-0}" -lt "$REPLICAS" ]; then
    echo "stream $s: $current -> $REPLICAS replicas"
    nats stream edit "$s" --replicas "$REPLICAS" --force
  else
    echo "stream $s: already $current replicas"
  fi
done
