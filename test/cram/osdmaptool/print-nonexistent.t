  $ osdmaptool --print nonexistent
  osdmaptool: osdmap file 'nonexistent'
  osdmaptool: couldn't open nonexistent: can't open nonexistent: (2) No such file or directory
  [255]
