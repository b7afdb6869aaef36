/// Parsers for the flag values of `serve` that are more than a string.
enum ServeFlags {
    /// Bytes from `8388608`, `512Ki` or `8Mi`; nil when malformed or not positive.
    static func byteCount(_ text: String) -> Int? {
        let units: [(suffix: String, factor: Int)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = Int(text.dropLast(unit.suffix.count)), number > 0, number <= (1 << 40) / unit.factor
            else { return nil }
            return number * unit.factor
        }
        return nil
    }

    /// A duration from `20`, `20s`, `1500ms` or `1m`; nil when malformed or negative.
    static func duration(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("", 1000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = Int(text.dropLast(unit.suffix.count)), number >= 0, number < 1_000_000 else { return nil }
            return .milliseconds(number * unit.milliseconds)
        }
        return nil
    }
}
