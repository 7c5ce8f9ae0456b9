  $ crushtool -c "$TESTDIR/empty-default.cushmap.txt"
  WARNING: min_size is no longer supported, ignoring
  WARNING: max_size is no longer supported, ignoring
  crushtool successfully built or modified map.  Use '-o <file>' to write it out.
