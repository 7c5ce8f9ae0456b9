crushtool --reclassify on maps of crushmap's own (Ceph's crush-classes/ maps are binary and
could not be copied in); every expected line was recorded from crushtool 16.2.15 (the
comparisons take --num-rep 3: a map written for another release stores max_size 100, and
comparing 100 replicas would take minutes).

Parallel ssd hosts under a root ssd, devices without classes (like Ceph's map a):

  $ crushtool -c $TESTDIR/reclassify/ssd-hosts.txt -o a
  $ crushtool -i a --set-subtree-class default hdd --reclassify --reclassify-bucket %-ssd ssd default --reclassify-bucket ssd ssd default --reclassify-root default hdd -o foo
  classify_root default (-1) as hdd
    renumbering bucket -1 -> -9
    renumbering bucket -4 -> -10
    renumbering bucket -3 -> -11
    renumbering bucket -2 -> -12
  classify_bucket %-ssd as ssd default bucket default (root)
  match %-ssd to node1-ssd basename node1
    have base -12
  match %-ssd to node2-ssd basename node2
    have base -11
  match %-ssd to node4-ssd basename node4
    created base -17
  classify_bucket ssd as ssd default bucket default (root)
  match ssd to ssd basename default
    have base -9
  moving items from -8 (ssd) to -9 (default)
  moving items from -7 (node4-ssd) to -17 (node4)
  moving items from -6 (node2-ssd) to -11 (node2)
  moving items from -5 (node1-ssd) to -12 (node1)
  $ crushtool -i a --compare foo --num-rep 3
  rule 0 had 0/1024 mismatched mappings (0)
  rule 1 had 0/1024 mismatched mappings (0)
  maps appear equivalent
  $ crushtool -d foo
  # begin crush map
  tunable choose_local_tries 0
  tunable choose_local_fallback_tries 0
  tunable choose_total_tries 50
  tunable chooseleaf_descend_once 1
  tunable chooseleaf_vary_r 1
  tunable chooseleaf_stable 1
  tunable straw_calc_version 1
  tunable allowed_bucket_algs 54
  
  # devices
  device 0 osd.0 class hdd
  device 1 osd.1 class hdd
  device 2 osd.2 class hdd
  device 3 osd.3 class hdd
  device 4 osd.4 class hdd
  device 5 osd.5 class hdd
  device 6 osd.6 class hdd
  device 7 osd.7 class hdd
  device 8 osd.8 class ssd
  device 9 osd.9 class ssd
  device 10 osd.10 class ssd
  device 11 osd.11 class ssd
  
  # types
  type 0 osd
  type 1 host
  type 10 root
  
  # buckets
  host node1 {
  \tid -12\t\t# do not change unnecessarily (esc)
  \tid -2 class hdd\t\t# do not change unnecessarily (esc)
  \tid -5 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 5.904 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.0 weight 1.819 (esc)
  \titem osd.1 weight 1.819 (esc)
  \titem osd.2 weight 1.819 (esc)
  \titem osd.8 weight 0.447 (esc)
  }
  host node2 {
  \tid -11\t\t# do not change unnecessarily (esc)
  \tid -3 class hdd\t\t# do not change unnecessarily (esc)
  \tid -6 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 6.351 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.3 weight 1.819 (esc)
  \titem osd.4 weight 1.819 (esc)
  \titem osd.5 weight 1.819 (esc)
  \titem osd.9 weight 0.447 (esc)
  \titem osd.10 weight 0.447 (esc)
  }
  host node3 {
  \tid -10\t\t# do not change unnecessarily (esc)
  \tid -4 class hdd\t\t# do not change unnecessarily (esc)
  \tid -21 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 3.638 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.6 weight 1.819 (esc)
  \titem osd.7 weight 1.819 (esc)
  }
  host node4 {
  \tid -17\t\t# do not change unnecessarily (esc)
  \tid -18 class hdd\t\t# do not change unnecessarily (esc)
  \tid -7 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 0.894 (esc)
  \talg straw (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.11 weight 0.894 (esc)
  }
  root default {
  \tid -9\t\t# do not change unnecessarily (esc)
  \tid -1 class hdd\t\t# do not change unnecessarily (esc)
  \tid -8 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 16.787 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem node1 weight 5.904 (esc)
  \titem node2 weight 6.351 (esc)
  \titem node3 weight 3.638 (esc)
  \titem node4 weight 0.894 (esc)
  }
  
  # rules
  rule replicated_rule {
  \tid 0 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default class hdd (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  rule ssd {
  \tid 1 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default class ssd (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  
  # end crush map

Without --set-subtree-class the hdd rule finds no hdd device:

  $ crushtool -i a --reclassify --reclassify-root default hdd -o foo
  classify_root default (-1) as hdd
    renumbering bucket -1 -> -9
    renumbering bucket -4 -> -10
    renumbering bucket -3 -> -11
    renumbering bucket -2 -> -12
  $ crushtool -i a --compare foo --num-rep 3
  rule 0 had 1024/1024 mismatched mappings (1)
  rule 1 had 0/1024 mismatched mappings (0)
  warning: maps are NOT equivalent
  [1]

Prefixed hosts and racks (like Ceph's maps e and g):

  $ crushtool -c $TESTDIR/reclassify/ssd-racks.txt -o e
  $ crushtool -i e --reclassify --reclassify-bucket ssd-% ssd default --reclassify-bucket ssd ssd default -o foo
  classify_bucket ssd as ssd default bucket default (root)
  match ssd to ssd basename default
    have base -1
  classify_bucket ssd-% as ssd default bucket default (root)
  match ssd-% to ssd-osd01 basename osd01
    have base -2
  match ssd-% to ssd-osd03 basename osd03
    have base -4
  match ssd-% to ssd-osd05 basename osd05
    created base -40
  match ssd-% to ssd-rack1 basename rack1
    have base -9
  match ssd-% to ssd-rack2 basename rack2
    have base -10
  moving items from -13 (ssd) to -1 (default)
  moving items from -12 (ssd-rack2) to -10 (rack2)
  moving items from -11 (ssd-rack1) to -9 (rack1)
  moving items from -8 (ssd-osd05) to -40 (osd05)
  moving items from -7 (ssd-osd03) to -4 (osd03)
  moving items from -6 (ssd-osd01) to -2 (osd01)
  $ crushtool -i e --compare foo --num-rep 3
  rule 0 had 364/1024 mismatched mappings (0.355469)
  rule 1 had 0/1024 mismatched mappings (0)
  warning: maps are NOT equivalent
  [1]
  $ crushtool -d foo
  # begin crush map
  tunable choose_local_tries 0
  tunable choose_local_fallback_tries 0
  tunable choose_total_tries 50
  tunable chooseleaf_descend_once 1
  tunable chooseleaf_vary_r 1
  tunable chooseleaf_stable 1
  tunable straw_calc_version 1
  tunable allowed_bucket_algs 54
  
  # devices
  device 0 osd.0 class hdd
  device 1 osd.1 class hdd
  device 2 osd.2 class hdd
  device 3 osd.3 class hdd
  device 4 osd.4 class hdd
  device 5 osd.5 class hdd
  device 6 osd.6 class hdd
  device 7 osd.7 class hdd
  device 8 osd.8 class hdd
  device 9 osd.9 class hdd
  device 10 osd.10 class hdd
  device 11 osd.11 class hdd
  device 12 osd.12 class ssd
  device 13 osd.13 class ssd
  device 14 osd.14 class ssd
  device 15 osd.15 class ssd
  
  # types
  type 0 osd
  type 1 host
  type 3 rack
  type 10 root
  
  # buckets
  host osd01 {
  \tid -2\t\t# do not change unnecessarily (esc)
  \tid -26 class hdd\t\t# do not change unnecessarily (esc)
  \tid -6 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 11.787 (esc)
  \talg list\t# add new items at the end; do not change order unnecessarily (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.0 weight 3.638 (esc)
  \titem osd.1 weight 3.638 (esc)
  \titem osd.2 weight 3.638 (esc)
  \titem osd.12 weight 0.873 (esc)
  }
  host osd02 {
  \tid -3\t\t# do not change unnecessarily (esc)
  \tid -27 class hdd\t\t# do not change unnecessarily (esc)
  \tid -34 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 10.914 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.3 weight 3.638 (esc)
  \titem osd.4 weight 3.638 (esc)
  \titem osd.5 weight 3.638 (esc)
  }
  rack rack1 {
  \tid -9\t\t# do not change unnecessarily (esc)
  \tid -28 class hdd\t\t# do not change unnecessarily (esc)
  \tid -11 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 22.701 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd01 weight 11.787 (esc)
  \titem osd02 weight 10.914 (esc)
  }
  host osd03 {
  \tid -4\t\t# do not change unnecessarily (esc)
  \tid -29 class hdd\t\t# do not change unnecessarily (esc)
  \tid -7 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 12.660 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.6 weight 3.638 (esc)
  \titem osd.7 weight 3.638 (esc)
  \titem osd.8 weight 3.638 (esc)
  \titem osd.13 weight 0.873 (esc)
  \titem osd.14 weight 0.873 (esc)
  }
  host osd04 {
  \tid -5\t\t# do not change unnecessarily (esc)
  \tid -30 class hdd\t\t# do not change unnecessarily (esc)
  \tid -37 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 10.914 (esc)
  \talg straw (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.9 weight 3.638 (esc)
  \titem osd.10 weight 3.638 (esc)
  \titem osd.11 weight 3.638 (esc)
  }
  host osd05 {
  \tid -40\t\t# do not change unnecessarily (esc)
  \tid -41 class hdd\t\t# do not change unnecessarily (esc)
  \tid -8 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 0.873 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.15 weight 0.873 (esc)
  }
  rack rack2 {
  \tid -10\t\t# do not change unnecessarily (esc)
  \tid -31 class hdd\t\t# do not change unnecessarily (esc)
  \tid -12 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 24.447 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd03 weight 12.660 (esc)
  \titem osd04 weight 10.914 (esc)
  \titem osd05 weight 0.873 (esc)
  }
  root default {
  \tid -1\t\t# do not change unnecessarily (esc)
  \tid -32 class hdd\t\t# do not change unnecessarily (esc)
  \tid -13 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 47.148 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem rack1 weight 22.701 (esc)
  \titem rack2 weight 24.447 (esc)
  }
  
  # rules
  rule replicated_rule {
  \tid 0 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  rule ssd_racks {
  \tid 1 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default class ssd (esc)
  \tstep chooseleaf firstn 0 type rack (esc)
  \tstep emit (esc)
  }
  
  # end crush map

A root that holds the ssd root keeps holding it, renamed default~ssd, and weights above 256
lose their low bits on the way through Ceph's float:

  $ crushtool -c $TESTDIR/reclassify/nested-roots.txt -o n
  $ crushtool -i n --set-subtree-class default hdd --reclassify --reclassify-root default hdd --reclassify-bucket %-ssd ssd default -o foo
  classify_root default (-1) as hdd
    renumbering bucket -1 -> -15
    renumbering bucket -3 -> -16
    renumbering bucket -2 -> -17
  classify_bucket %-ssd as ssd default bucket default (root)
  match %-ssd to h1-ssd basename h1
    have base -17
  match %-ssd to h3-ssd basename h3
    created base -22
  moving items from -5 (h3-ssd) to -22 (h3)
  moving items from -4 (h1-ssd) to -17 (h1)
  new bucket -22 missing parent, adding at {root=default}
  $ crushtool -i n --compare foo --num-rep 3
  rule 0 had 0/1024 mismatched mappings (0)
  rule 1 had 0/1024 mismatched mappings (0)
  rule 2 had 843/1024 mismatched mappings (0.823242)
  warning: maps are NOT equivalent
  [1]
  $ crushtool -d foo
  # begin crush map
  tunable choose_local_tries 0
  tunable choose_local_fallback_tries 0
  tunable choose_total_tries 50
  tunable chooseleaf_descend_once 1
  tunable chooseleaf_vary_r 1
  tunable chooseleaf_stable 1
  tunable straw_calc_version 1
  tunable allowed_bucket_algs 54
  
  # devices
  device 0 osd.0 class hdd
  device 1 osd.1 class hdd
  device 2 osd.2 class hdd
  device 3 osd.3 class hdd
  device 4 osd.4 class hdd
  device 5 osd.5 class ssd
  device 6 osd.6 class ssd
  device 7 osd.7 class ssd
  
  # types
  type 0 osd
  type 1 host
  type 10 root
  
  # buckets
  root ssd {
  \tid -6\t\t# do not change unnecessarily (esc)
  \tid -13 class ssd\t\t# do not change unnecessarily (esc)
  \tid -20 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 4.000 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem h1~ssd weight 1.000 (esc)
  \titem h3~ssd weight 3.000 (esc)
  }
  host h1 {
  \tid -17\t\t# do not change unnecessarily (esc)
  \tid -2 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 271.667 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.0 weight 90.123 (esc)
  \titem osd.1 weight 90.543 (esc)
  \titem osd.2 weight 90.000 (esc)
  \titem osd.5 weight 1.000 (esc)
  }
  host h2 {
  \tid -16\t\t# do not change unnecessarily (esc)
  \tid -9 class ssd\t\t# do not change unnecessarily (esc)
  \tid -3 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 190.778 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.3 weight 95.000 (esc)
  \titem osd.4 weight 95.778 (esc)
  }
  host h3 {
  \tid -22\t\t# do not change unnecessarily (esc)
  \tid -24 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 3.000 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.6 weight 1.000 (esc)
  \titem osd.7 weight 2.000 (esc)
  }
  root default {
  \tid -15\t\t# do not change unnecessarily (esc)
  \tid -10 class ssd\t\t# do not change unnecessarily (esc)
  \tid -1 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 465.444 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem h1 weight 271.667 (esc)
  \titem h2 weight 190.778 (esc)
  \titem h3 weight 3.000 (esc)
  }
  root everything {
  \tid -7\t\t# do not change unnecessarily (esc)
  \tid -14 class ssd\t\t# do not change unnecessarily (esc)
  \tid -21 class hdd\t\t# do not change unnecessarily (esc)
  \t# weight 469.444 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem default weight 465.444 (esc)
  \titem ssd weight 4.000 (esc)
  }
  
  # rules
  rule replicated_rule {
  \tid 0 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default class hdd (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  rule ssd {
  \tid 1 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take ssd (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  rule all {
  \tid 2 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take everything (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  
  # end crush map

Failures (like Ceph's map gabe):

  $ crushtool -c $TESTDIR/reclassify/take-class.txt -o g
  $ crushtool -i g --reclassify --reclassify-root default hdd -o foo
  classify_root default (-1) as hdd
    rule 1 includes take on root default class 0
  failed to reclassify map
  [1]
  $ crushtool -i g --reclassify --reclassify-root nosuch hdd -o foo
  root nosuch does not exist
  failed to reclassify map
  [1]
  $ crushtool -i g --reclassify --reclassify-bucket %-ssd ssd nosuch -o foo
  default parent nosuch does not exist
  failed to reclassify map
  [1]
  $ crushtool -i g --set-subtree-class default ssd --set-subtree-class nosuch hdd --reclassify -o foo
  $ crushtool -d foo
  # begin crush map
  tunable choose_local_tries 0
  tunable choose_local_fallback_tries 0
  tunable choose_total_tries 50
  tunable chooseleaf_descend_once 1
  tunable chooseleaf_vary_r 1
  tunable chooseleaf_stable 1
  tunable straw_calc_version 1
  tunable allowed_bucket_algs 54
  
  # devices
  device 0 osd.0 class ssd
  device 1 osd.1 class ssd
  device 2 osd.2 class ssd
  device 3 osd.3 class ssd
  device 4 osd.4 class ssd
  device 5 osd.5 class ssd
  
  # types
  type 0 osd
  type 1 host
  type 10 root
  
  # buckets
  host a {
  \tid -2\t\t# do not change unnecessarily (esc)
  \tid -4 class hdd\t\t# do not change unnecessarily (esc)
  \tid -7 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 3.000 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.0 weight 1.000 (esc)
  \titem osd.1 weight 1.000 (esc)
  \titem osd.2 weight 1.000 (esc)
  }
  host b {
  \tid -3\t\t# do not change unnecessarily (esc)
  \tid -5 class hdd\t\t# do not change unnecessarily (esc)
  \tid -8 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 3.000 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem osd.3 weight 1.000 (esc)
  \titem osd.4 weight 1.000 (esc)
  \titem osd.5 weight 1.000 (esc)
  }
  root default {
  \tid -1\t\t# do not change unnecessarily (esc)
  \tid -6 class hdd\t\t# do not change unnecessarily (esc)
  \tid -9 class ssd\t\t# do not change unnecessarily (esc)
  \t# weight 6.000 (esc)
  \talg straw2 (esc)
  \thash 0\t# rjenkins1 (esc)
  \titem a weight 3.000 (esc)
  \titem b weight 3.000 (esc)
  }
  
  # rules
  rule replicated_rule {
  \tid 0 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  rule hdd_only {
  \tid 1 (esc)
  \ttype replicated (esc)
  \tmin_size 1 (esc)
  \tmax_size 10 (esc)
  \tstep take default class hdd (esc)
  \tstep chooseleaf firstn 0 type host (esc)
  \tstep emit (esc)
  }
  
  # end crush map
  $ crushtool -i a --rebuild-class-roots -o foo
  $ crushtool -i a --reclassify --reclassify-root default hdd
  classify_root default (-1) as hdd
    renumbering bucket -1 -> -9
    renumbering bucket -4 -> -10
    renumbering bucket -3 -> -11
    renumbering bucket -2 -> -12
  crushtool successfully built or modified map.  Use '-o <file>' to write it out.
