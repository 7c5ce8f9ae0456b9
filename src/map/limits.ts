/**
 * The ranges Ceph can hold for ids and small fields, shared by validation and compilation.
 * Each bound is where Ceph's own structures stop working, not a taste.
 */

/**
 * Most negative bucket id. Ceph indexes buckets by -1 - id in an array whose size doubles as a
 * C int (crush_add_bucket): an index of 2^30 or more would need 2^31 slots, which overflows, so
 * crushtool fails (or corrupts its heap) on such ids.
 */
export const MIN_BUCKET_ID = -0x40000000;

/**
 * Largest device id: Ceph's max_devices (largest id + 1) is a signed 32-bit int, and
 * 0x7fffffff is CRUSH_ITEM_NONE, the mapper's "no item".
 */
export const MAX_DEVICE_ID = 0x7ffffffe;

/** Largest type id a bucket can have: Ceph stores a bucket's type in 16 bits (crush_bucket.type). */
export const MAX_BUCKET_TYPE = 0xffff;
