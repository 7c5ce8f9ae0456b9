/** The durability analysis (durability.ts) and its types; the other files are its parts. */
export { durability, type DurabilityOptions, type DurabilityResult } from "./durability.js";
export type { AnnualLoss } from "./annualLoss.js";
export type { LossMethod } from "./lossProbability.js";
