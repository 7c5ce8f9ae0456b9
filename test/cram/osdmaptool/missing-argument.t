  $ osdmaptool
  osdmaptool: -h or --help for usage
  [1]
