/**
 * A small crushtool-style argument reader: flags are taken in order, each consuming as many
 * values as it declares, and an unknown flag is a usage error naming it.
 */
import { UsageError } from "./io.js";

export class ArgReader {
  private pos = 0;
  constructor(private readonly argv: readonly string[]) {}

  get done(): boolean {
    return this.pos >= this.argv.length;
  }

  next(): string {
    return this.argv[this.pos++]!;
  }

  /** The value after `flag`, required. */
  value(flag: string): string {
    if (this.pos >= this.argv.length) throw new UsageError(`${flag} needs a value`);
    return this.argv[this.pos++]!;
  }

  /** An integer value after `flag`. */
  int(flag: string): number {
    const text = this.value(flag);
    if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} expects an integer, got '${text}'`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} value '${text}' is out of range`);
    return n;
  }

  /** A decimal value after `flag`. */
  float(flag: string): number {
    const text = this.value(flag);
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got '${text}'`);
    return n;
  }
}
