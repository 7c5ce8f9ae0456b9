/** `crushmap failure`, `durability` and `audit`: what failures do to a cluster, before they happen. */
import { auditCluster } from "../failure/audit.js";
import { durability } from "../failure/durability.js";
import { failureImpact } from "../failure/failureImpact.js";
import { failureRecovery } from "../failure/failureRecovery.js";
import { formatAudit, formatDurability, formatFailureImpact } from "../failure/formatFailure.js";
import { worstFailureRecovery } from "../failure/recoveryEstimate.js";
import { defineCommand } from "./command.js";
import { BANDWIDTH_FLAG, clusterFlags, CRUSH, jsonFlag, MARK_UP_IN, OPTIONAL_OSDMAP, PG_BYTES, POOL, strictFlag, TIB_PER_WEIGHT } from "./commonFlags.js";
import { UsageError } from "./errors.js";
import { above, atLeast, row, type ValueParser } from "./flags.js";
import { loadMap } from "./loadMap.js";
import { loadState, stateWithMap } from "./loadState.js";
import { pictureFlags, writePictures } from "./pictureFlags.js";
import { failureHtml, failureSvg } from "../svg/failureCharts.js";

/** A yearly rate: `2%` or `0.02`, strictly between 0 and 1. */
const RATE: ValueParser<number> = {
  metavar: "RATE",
  parse(text, flag) {
    const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$/.exec(text);
    const v = m === null ? NaN : Number(m[1]) / (m[2] === "%" ? 100 : 1);
    if (!(v > 0 && v < 1)) throw new UsageError(`${flag} expects a rate like 2% or 0.02, got '${text}'`);
    return v;
  },
};

const RECOVERY = {
  pgBytes: { ...PG_BYTES, help: "bytes per group, e.g. 4GiB, for bytes and recovery time" },
  bandwidth: { ...BANDWIDTH_FLAG, help: "per-device recovery rate, e.g. 200MB/s" },
} as const;

export const failureCommand = defineCommand({
  name: "failure",
  summary: "what failing devices or buckets does to a pool: degraded, below min_size, lost",
  about: `What failing devices or buckets (osd.3, a host, a rack, a room…) does to a pool: groups that
lose copies (degraded), drop below min_size (I/O blocks) or lose their data, and the recovery
once the failed devices are marked out (a rebalance plan, degraded groups first).`,
  flags: {
    ...clusterFlags(),
    pool: POOL,
    fail: row({ names: ["--fail"], value: "string", metavar: "NAME", repeatable: true, required: "at least one --fail NAME", help: "a device or bucket name or id" }),
    ...RECOVERY,
    tibPerWeight: TIB_PER_WEIGHT,
    json: jsonFlag('{"degraded":n,"belowMinSize":n,"lost":n,…,"recovery":{…}}'),
    ...pictureFlags("groups per class and recovery traffic per failure domain"),
  },
  run(args, io) {
    const { pool, fail, pgBytes, bandwidth, tibPerWeight } = args;
    const state = loadState(io, args);
    const impact = failureImpact(state, pool, fail, { pgBytes });
    const recovery = failureRecovery(state, impact.pool, fail, {
      pgBytes,
      bytesPerWeight: tibPerWeight * 2 ** 40,
      ...(bandwidth === undefined ? {} : { bandwidth }),
    });
    if (args.json) {
      const { affected, ...totals } = impact;
      const { movedReplicas: copies, movedBytes: bytes, estimatedSeconds } = recovery.report;
      io.stdout(JSON.stringify({ ...totals, groupsAffected: affected, recovery: { copies, bytes, waves: recovery.waves, estimatedSeconds, lost: recovery.lost, blocked: recovery.blocked.length, overFull: recovery.overFull } }) + "\n");
    } else {
      io.stdout(formatFailureImpact(impact, recovery));
    }
    const rule = state.pools.find((p) => p.id === impact.pool)!.crushRule;
    writePictures(io, args, () => failureSvg(state.crush, impact, recovery, rule), () => failureHtml(state.crush, impact, recovery, rule));
    return 0;
  },
});

export const durabilityCommand = defineCommand({
  name: "durability",
  summary: "copysets and the probability that K simultaneous failures lose data",
  about: `How likely a pool is to lose data: its copysets and the probability that K random devices (or
K buckets of TYPE) failing at once lose some group — exact where a closed form exists (K below
the pool's tolerance, K equal to it), else a seeded Monte Carlo estimate with its 95% interval —
and with --afr a yearly estimate (recovery time from --recovery-hours, or from a recovery plan
for the fullest unit with --pg-bytes and --bandwidth).`,
  flags: {
    ...clusterFlags(),
    pool: POOL,
    failures: row({ names: ["--failures"], value: "int", metavar: "K", required: true, check: atLeast(1), help: "simultaneous failures" }),
    domain: row({ names: ["--domain"], value: "string", metavar: "TYPE", help: "fail buckets of TYPE (host, rack, …) instead of devices" }),
    afr: row({ names: ["--afr"], value: RATE, help: "annual failure rate per unit: 2% or 0.02" }),
    recoveryHours: row({ names: ["--recovery-hours"], value: "float", metavar: "H", check: above(0), help: "time to restore redundancy after one failure" }),
    ...RECOVERY,
    samples: row({ names: ["--samples"], value: "int", metavar: "N", defaultText: "20000", check: atLeast(1), help: "Monte Carlo samples" }),
    json: jsonFlag('{"copysets":n,"pLoss":p,…}'),
  },
  run(args, io) {
    const { pool, failures, domain, afr, samples } = args;
    const state = loadState(io, args);
    let hours = args.recoveryHours;
    if (afr !== undefined && hours === undefined) {
      const { bandwidth } = args;
      const worst = worstFailureRecovery(state, pool, { ...(domain === undefined ? {} : { domain }), pgBytes: args.pgBytes, ...(bandwidth === undefined ? {} : { bandwidth }) });
      // a plan with nothing to copy still takes a moment
      hours = Math.max(worst.seconds / 3600, 1 / 3600);
    }
    const r = durability(state, pool, {
      failures,
      ...(domain === undefined ? {} : { domain }),
      ...(samples === undefined ? {} : { samples }),
      ...(afr === undefined ? {} : { afr, recoveryHours: hours! }),
    });
    io.stdout(args.json ? JSON.stringify(r) + "\n" : formatDurability(r));
    return 0;
  },
});

export const auditCommand = defineCommand({
  name: "audit",
  summary: "failure-domain problems of a crush map and its pools, with fixes",
  about: `Checks failure domains: rules that cannot place every copy in a distinct domain, pools that
stop I/O when one domain fails (min_size), buckets too heavy for their share of copies, empty
buckets — each with the fix an operator would make. Without --osdmap, replicated rules are
checked for 3 copies.`,
  flags: {
    crush: { ...CRUSH, names: ["--crush", "-i", "--infn"], help: "the crush map (a binary --osdmap holds its own)" },
    osdmap: { ...OPTIONAL_OSDMAP, help: "the OSD map (binary, or 'ceph osd dump -f json'): check its pools too" },
    strict: strictFlag(false),
    markUpIn: MARK_UP_IN,
    json: jsonFlag('{"findings":[{"severity","kind","subject","message","fix"}]}'),
  },
  positionals: ["crush"],
  run(args, io) {
    if (args.crush === undefined && args.osdmap === undefined) throw new UsageError("audit needs --crush CRUSH or a binary --osdmap");
    const given = args.crush === undefined ? undefined : loadMap(io, args.crush);
    const state = args.osdmap === undefined ? undefined : stateWithMap(io, args.osdmap, given, args.strict, args);
    const findings = auditCluster(given ?? state!.crush, state);
    io.stdout(args.json ? JSON.stringify({ findings }) + "\n" : formatAudit(findings));
    return 0;
  },
});
