extension String {
    /// The string in double quotes with `\\`, `"` and newlines escaped: a label value in the
    /// Prometheus text format, and a string valid in both PromQL and YAML.
    public var prometheusQuoted: String {
        var result = "\""
        for character in unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "\""
    }
}
