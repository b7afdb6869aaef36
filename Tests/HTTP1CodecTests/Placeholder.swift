import Testing

@Suite struct HTTP1CodecTestsPlaceholder {}
