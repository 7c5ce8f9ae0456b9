/**
 * The durability analysis lives in ./durability/ (one file per part); this module keeps the
 * import path `failure/durability.js` that callers outside the folder use.
 */
export * from "./durability/index.js";
