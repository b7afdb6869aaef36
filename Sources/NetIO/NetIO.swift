// NetIO: placeholder until its first type lands.
