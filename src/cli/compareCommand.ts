/** `crushmap compare`: crushtool -i A --compare B, with the same flags and the same output. */
import { UsageError, type CliIO } from "./io.js";
import { parseTestFlags, runTestFlags } from "./testCommand.js";

export const COMPARE_HELP = `usage: crushmap compare -i MAP --compare MAP2 [--rule R | --min-rule A --max-rule B]
                       [--num-rep N | --min-rep A --max-rep B] [--min-x A] [--max-x B] [--x X]
                       [--weight DEV W]... [--show-statistics] [--test [test flags]]

Maps the same inputs through every rule of MAP and of MAP2 and counts, per rule, the inputs
whose devices differ, exactly as 'crushtool -i MAP --compare MAP2' does. Prints
'rule R had M/T mismatched mappings (ratio)' per rule, then 'maps appear equivalent';
when any mapping differs it prints 'warning: maps are NOT equivalent' on stderr and exits 1.
Both maps are in Ceph's text format. Rules, rule sizes and reweights come from MAP.
  --rule R            compare only rule R (default: every rule of MAP)
  --num-rep N         replica count (default: each rule's min_size..max_size)
  --min-x/--max-x     input range, inclusive (default 0..1023); --x X for one input
  --weight DEV W      reweight device DEV to W (0..1) in both maps
  --show-statistics   also print 'rule N dne' for rule ids MAP lacks
  --test              run 'crushmap test' with the same flags first (see crushmap test --help)
--pool-id is accepted and, as in crushtool, does not change the comparison.
`;

export function compareCommand(argv: readonly string[], io: CliIO): number {
  const flags = parseTestFlags(argv, "compare");
  if (flags === null) {
    io.stdout(COMPARE_HELP);
    return 0;
  }
  if (flags.compareWith === undefined) throw new UsageError("compare needs a second map: --compare MAP2");
  return runTestFlags(flags, io);
}
