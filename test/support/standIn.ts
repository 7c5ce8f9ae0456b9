/**
 * Differential tests need an installed tool (crushtool, chromium). Where it is absent, one
 * skipped test says so; where it is present there is no stand-in at all, so a run with every
 * tool installed reports nothing skipped.
 */
import { describe, it } from "vitest";

/** Registers, only when `present` is false, a describe `title` holding one skipped test `message`. */
export function standInUnless(present: boolean, title: string, message: string): void {
  if (present) return;
  describe(title, () => {
    it.skip(message, () => {});
  });
}
