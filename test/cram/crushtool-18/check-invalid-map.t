  $ crushtool -d /etc/hosts
  crushtool: unable to decode /etc/hosts
  [1]
