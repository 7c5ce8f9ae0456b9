// The reference placement algorithms of the side-by-side comparison, one per file.
export { CephBucketPlacer, type CephPlacerOptions } from "./cephBucket.js";
export { CephChooseleafPlacer } from "./cephChooseleaf.js";
export { JumpPlacer, jumpConsistentHash } from "./jump.js";
export { MaglevPlacer, maglevTableSize, type MaglevOptions } from "./maglev.js";
export type { ReferencePlacer } from "./placer.js";
export { RendezvousPlacer } from "./rendezvous.js";
export { RingPlacer, type RingOptions } from "./ring.js";
