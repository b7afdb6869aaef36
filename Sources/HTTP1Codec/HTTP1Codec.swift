// HTTP1Codec: placeholder until its first type lands.
