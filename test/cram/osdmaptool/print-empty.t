  $ touch empty
  $ osdmaptool --print empty
  osdmaptool: osdmap file 'empty'
  osdmaptool: error decoding osdmap 'empty'
  [255]
