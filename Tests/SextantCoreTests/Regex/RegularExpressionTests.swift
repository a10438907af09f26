import Foundation
import Testing

@testable import SextantCore

/// RE2's syntax and semantics, as Go's `regexp` (which Prometheus and Alertmanager use)
/// accepts and matches them, in linear time.
@Suite("Regular expressions")
struct RegularExpressionTests {
    /// Pattern, text, whether the whole text matches.
    static let wholeMatches: [(String, String, Bool)] = [
        ("api", "api", true), ("api", "api-service", false), ("api|auth", "auth", true), ("api|auth", "ap", false),
        ("api-.*", "api-service", true), (".*service", "auth-service", true), ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true),
        ("", "", true), ("", "x", false), ("a*", "", true), ("a+", "", false), ("a?b", "b", true), ("(ab)+", "ababab", true),
        ("(ab)+", "ababa", false), ("a{2,3}", "aa", true), ("a{2,3}", "aaaa", false), ("a{2}", "aa", true), ("a{2,}", "aaaaa", true),
        ("a{,2}", "a{,2}", true), ("a{", "a{", true), ("x{2}y", "xxy", true),
        ("[abc]+", "cab", true), ("[^abc]", "d", true), ("[^abc]", "a", false), ("[a-z0-9_-]+", "api_v2-x", true), ("[]a]", "]", true),
        ("[a-]", "-", true), ("[a-b-c]", "-", true), ("[\\d]+", "123", true), ("\\d+", "12a", false), ("\\D", "a", true),
        ("\\w+", "ab_9", true), ("\\W", "_", false), ("\\s", " ", true), ("\\S+", "a b", false), ("[[:alpha:]]+", "abZ", true),
        ("[[:^digit:]]", "a", true), ("[[:^digit:]]", "1", false), ("\\pL+", "héllo", true), ("\\p{Lu}", "É", true),
        ("\\p{Lu}", "é", false), ("\\PL", "1", true), ("\\p{^L}", "a", false), ("\\p{Greek}+", "αβγ", true), ("\\p{Greek}", "a", false),
        ("\\P{Greek}", "a", true), ("[\\p{Greek}x]+", "αxβ", true), ("(?i)api", "API", true), ("(?i:a)b", "Ab", true), ("(?i:a)b", "AB", false),
        ("(?i)[a-z]+", "ABC", true), ("(?i)k", "\u{212A}", true), ("(?i)s", "ſ", true), ("(?i)[^a]", "A", false), ("a(?i)b|c", "C", true),
        ("\\Q.*\\E", ".*", true), ("\\Q.*\\E", "ab", false), ("\\.", ".", true), ("\\x41", "A", true), ("\\x{1F600}", "😀", true),
        ("\\101", "A", true), ("\\0", "\0", true), ("\\t\\n", "\t\n", true), ("a\\b", "a", true), ("a\\Bb", "ab", true),
        ("\\Aapi\\z", "api", true), ("^api$", "api", true), ("(?m)^b$", "b", true), ("(?P<name>a)(?<other>b)", "ab", true),
        ("(?:a|b)*c", "ababc", true), ("(a|)+", "aaa", true), ("(a*)*", "aaaa", true), ("(|a)*b", "aab", true), (".", "😀", true),
        ("é", "e\u{301}", false), ("[é]", "é", true), ("a*?", "aa", true), ("(?U)a+", "aaa", true), ("[\\x{10FFFF}]", "\u{10FFFF}", true),
    ]

    @Test func wholeTextMatchesAsAlertmanagerAnchorsMatchers() throws {
        for (pattern, text, expected) in Self.wholeMatches {
            let expression = try RegularExpression(pattern, anchoring: .wholeText)
            #expect(expression.matches(text) == expected, "\(pattern) against \(text.debugDescription)")
        }
    }

    @Test func searchFindsAMatchAnywhereAsGoMatchString() throws {
        let cases: [(String, String, Bool)] = [
            ("err", "an error here", true), ("^err", "an error", false), ("err$", "an err", true), ("(?m)^b", "a\nb", true),
            ("^b", "a\nb", false), ("\\bword\\b", "a word.", true), ("\\bword\\b", "swordfish", false), ("a|b", "xxbx", true),
            ("", "anything", true), ("[0-9]{3}", "ab12c345", true), ("[0-9]{3}", "ab12c34", false), ("x*", "", true),
        ]
        for (pattern, text, expected) in cases {
            #expect(try RegularExpression(pattern).matches(text) == expected, "\(pattern) in \(text.debugDescription)")
        }
    }

    /// Every refusal names what RE2 refuses, in Go's words and with Go's span of the pattern.
    @Test func syntaxRE2RefusesIsRefusedWithGoReasons() {
        let cases: [(String, String, String)] = [
            ("(a", "missing closing )", "(a"), ("a)", "unexpected )", "a)"), ("[a", "missing closing ]", "[a"),
            ("*a", "missing argument to repetition operator", "*"), ("a**", "invalid nested repetition operator", "**"),
            ("a*+", "invalid nested repetition operator", "*+"), ("a{2}{3}", "invalid nested repetition operator", "{2}{3}"),
            ("a|*", "missing argument to repetition operator", "*"), ("a{1001}", "invalid repeat count", "{1001}"),
            ("a{3,2}", "invalid repeat count", "{3,2}"), ("(a{100}){100}", "invalid repeat count", "{100}"),
            ("\\1", "invalid escape sequence", "\\1"), ("(a)\\1", "invalid escape sequence", "\\1"), ("\\C", "invalid escape sequence", "\\C"),
            ("\\Z", "invalid escape sequence", "\\Z"), ("\\x{110000}", "invalid escape sequence", "\\x{110000"), ("a\\", "trailing backslash at end of expression", ""),
            ("(?=a)", "invalid or unsupported Perl syntax", "(?="), ("(?!a)", "invalid or unsupported Perl syntax", "(?!"),
            ("(?<=a)b", "invalid or unsupported Perl syntax", "(?<"), ("(?>a)", "invalid or unsupported Perl syntax", "(?>"),
            ("(?P<>a)", "invalid named capture", "(?P<>"), ("(?P<n!>a)", "invalid named capture", "(?P<n!>"),
            ("(?-)", "invalid or unsupported Perl syntax", "(?-)"), ("(?i-i-i)", "invalid or unsupported Perl syntax", "(?i-i-"),
            ("[z-a]", "invalid character class range", "z-a"), ("[[:foo:]]", "invalid character class range", "[:foo:]"),
            ("\\p{Klingon}", "invalid character class range", "\\p{Klingon}"), ("\\pX", "invalid character class range", "\\pX"),
            ("\\p{L", "invalid character class range", "\\p{L"),
        ]
        for (pattern, reason, span) in cases {
            #expect(throws: RegexSyntaxError(reason: reason, expression: span), "\(pattern)") {
                _ = try RegularExpression(pattern)
            }
        }
    }

    @Test func nestingAndSizeAreBounded() {
        let deep = String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        #expect(throws: RegexSyntaxError.self) { _ = try RegularExpression(String(deep.prefix(8_000))) }
        #expect(throws: RegexSyntaxError(reason: "expression nests too deeply", expression: String(repeating: "(", count: 201) + "a" + String(repeating: ")", count: 201))) {
            _ = try RegularExpression(String(repeating: "(", count: 201) + "a" + String(repeating: ")", count: 201))
        }
        #expect(throws: RegexSyntaxError(reason: "expression too large", expression: "[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}")) {
            _ = try RegularExpression(String(repeating: "[a-z]{1000}", count: 8))
        }
        #expect(throws: RegexSyntaxError.self) { _ = try RegularExpression(String(repeating: "a", count: 9_000)) }
    }

    /// Patterns that take a backtracking engine exponential (or polynomial) time are matched
    /// in one pass here: each finishes against a 20,000-scalar text, and answers right.
    @Test func catastrophicPatternsAreLinear() throws {
        let text = String(repeating: "a", count: 20_000) + "!"
        for pattern in ["(a+)+$", "(a|a)*$", "(a*)*b", "(a|aa)+$", "(.*a){20}$", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$"] {
            #expect(try RegularExpression(pattern, anchoring: .wholeText).matches(text) == false, "\(pattern)")
        }
        #expect(try RegularExpression("(a+)+!", anchoring: .wholeText).matches(text))
        #expect(try RegularExpression("(.*a){20}").matches(text))
    }
}
