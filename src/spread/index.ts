// The spread layer: how evenly a placement lands against the weights, and how much it moves.
export { SpreadError } from "./errors.js";
export { chiSquarePValue, upperRegularizedGamma } from "./gamma.js";
export { spreadStatistics, type DeviceSpread, type SpreadStatistics } from "./stats.js";
