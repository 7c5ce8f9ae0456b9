  $ crushtool -c "$TESTDIR/empty-default.cushmap.txt"
  crushtool successfully built or modified map.  Use '-o <file>' to write it out.
