  $ crushtool -i $TESTDIR/test-map-big-1.crushmap --show-location 44
  $ crushtool -i $TESTDIR/test-map-big-1.crushmap --show-location 16
  $ crushtool -i $TESTDIR/test-map-big-1.crushmap --show-location 167
  host\tp05151113587529 (esc)
  rack\tRJ45 (esc)
  room\t0513-R-0050 (esc)
  root\tdefault (esc)
  $ crushtool -i $TESTDIR/test-map-big-1.crushmap --show-location 258
  host\tlxfssi44a06 (esc)
  rack\tSI44 (esc)
  root\tcastor (esc)
  $ crushtool -i $TESTDIR/test-map-big-1.crushmap --show-location 87
  host\tp05151113576052 (esc)
  rack\tRJ43 (esc)
  room\t0513-R-0050 (esc)
  root\tdefault (esc)
