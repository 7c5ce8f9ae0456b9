/**
 * The CSV files `crushtool --test --output-csv` writes for each rule and replica count, named
 * `<output-name>-<rule name>-<what>.csv` (no prefix without --output-name). crushtool opens them
 * afresh for every replica count, so the files of a rule hold its last count; a rule sharing
 * another's name overwrites its files. The batch files exist only with --batches above 1.
 *
 * Ceph's quirks are its output and are kept: the batch headers have one column per row of
 * `device_utilization` (devices that stored something and were expected to), not per device;
 * `batch_device_expected_utilization_all` repeats the stored counts; a batch of no inputs is a
 * row of its index alone; the placement header has one `OSDi` column per --num-rep/--max-rep
 * (none when no count was given, as 16.2 then runs each rule's own sizes); numbers written from
 * floats print as C++ streams print them, `1.23457e+06` for a large stored count included.
 */
import { formatG } from "./formatFloat.js";

/** One file crushtool writes: its name in the working directory and its bytes. */
export interface CsvFile {
  readonly name: string;
  readonly content: string;
}

/** What one (rule, replica count) run of a test leaves for its CSV files. */
export interface CsvRun {
  readonly ruleName: string;
  /** The test's weight vector, 16.16 per device. */
  readonly weight: Uint32Array;
  /** Each device's share of the total weight, as C floats. */
  readonly proportional: Float32Array;
  /** Each device's expected count, as C floats. */
  readonly expected: Float32Array;
  readonly perDevice: Int32Array;
  /** One `x,a,b,c` line per input. */
  readonly placements: string;
  /** crushtool's --batches. */
  readonly batches: number;
  /** Per batch (with batches above 1): replicas stored per device, null for an empty batch. */
  readonly batchCounts: readonly (Int32Array | null)[];
  /** The tester's max_rep: --num-rep or --max-rep as given, -1 when neither was. */
  readonly maxRep: number;
}

/** How `ostream << float` prints a value held in a C float. */
const f = (x: number): string => formatG(Math.fround(x));

/** The files of one run, in the order crushtool opens them; `prefix` is `NAME-` or "". */
export function crushtoolCsvFiles(prefix: string, run: CsvRun): CsvFile[] {
  const tag = prefix + run.ruleName;
  const devices = run.perDevice.length;
  const utilization: string[] = [];
  const utilizationAll: string[] = [];
  for (let i = 0; i < devices; i++) {
    const row = `${i},${f(run.perDevice[i]!)},${f(run.expected[i]!)}\n`;
    utilizationAll.push(row);
    if (run.expected[i]! > 0 && run.perDevice[i]! > 0) utilization.push(row);
  }
  const proportional: string[] = [];
  const proportionalAll: string[] = [];
  const absolute: string[] = [];
  for (let i = 0; i < devices; i++) {
    const row = `${i},${f(run.proportional[i]!)}\n`;
    proportionalAll.push(row);
    if (run.proportional[i]! > 0) proportional.push(row);
    absolute.push(`${i},${f(run.weight[i]! / 0x10000)}\n`);
  }
  let osds = "";
  for (let i = 0; i < run.maxRep; i++) osds += `, OSD${i}`;
  const utilizationHeader = "Device ID, Number of Objects Stored, Number of Objects Expected\n";
  const weightHeader = "Device ID, Proportional Weight\n";
  const files: CsvFile[] = [
    { name: `${tag}-device_utilization.csv`, content: utilizationHeader + utilization.join("") },
    { name: `${tag}-device_utilization_all.csv`, content: utilizationHeader + utilizationAll.join("") },
    { name: `${tag}-placement_information.csv`, content: `Input${osds}\n${run.placements}` },
    { name: `${tag}-proportional_weights.csv`, content: weightHeader + proportional.join("") },
    { name: `${tag}-proportional_weights_all.csv`, content: weightHeader + proportionalAll.join("") },
    { name: `${tag}-absolute_weights.csv`, content: "Device ID, Absolute Weight\n" + absolute.join("") },
  ];
  if (run.batches > 1) files.push(...batchFiles(tag, run, utilization.length));
  return files;
}

/** The two batch files; `columns` is the number of rows of device_utilization. */
function batchFiles(tag: string, run: CsvRun, columns: number): CsvFile[] {
  let stored = "Batch Round";
  let expected = "Batch Round";
  for (let i = 0; i < columns; i++) {
    stored += `, Objects Stored on OSD${i}`;
    expected += `, Objects Expected on OSD${i}`;
  }
  const rows: string[] = [];
  for (let b = 0; b < run.batches; b++) {
    const counts = run.batchCounts[b] ?? null;
    let row = String(b);
    if (counts !== null) for (let i = 0; i < counts.length; i++) row += "," + String(counts[i]);
    rows.push(row + "\n");
  }
  const body = rows.join("");
  return [
    { name: `${tag}-batch_device_utilization_all.csv`, content: `${stored}\n${body}` },
    { name: `${tag}-batch_device_expected_utilization_all.csv`, content: `${expected}\n${body}` },
  ];
}
