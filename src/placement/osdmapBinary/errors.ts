/**
 * The error of the binary OSD map decoder. It is a ClusterStateError (an OSD map that cannot
 * become a cluster state), and it carries the byte offset where the problem was found.
 */
import { ClusterStateError } from "../errors.js";

/**
 * A binary OSD map (`ceph osd getmap`, `osdmaptool --createsimple`) that is truncated, corrupt
 * (a length past its section, a wrong crc), of an encoding crushmap does not read, or past
 * crushmap's limits (max_osd, pg_num). `offset` is the byte where the offending field starts.
 *
 * @group Errors
 */
export class OsdmapBinaryError extends ClusterStateError {
  override readonly name: string = "OsdmapBinaryError";
  /** Byte offset of the offending field in the map. */
  readonly offset: number;
  constructor(message: string, offset: number, item?: string | number) {
    super(message, item);
    this.offset = offset;
  }
}
