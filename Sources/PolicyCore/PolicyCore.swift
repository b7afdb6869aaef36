// PolicyCore: placeholder until its first type lands.
