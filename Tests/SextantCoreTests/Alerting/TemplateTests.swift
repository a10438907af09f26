import Foundation
import Testing
import SextantCore

@Suite("Templates")
struct TemplateTests {
    @Test func prometheusAnnotationTemplates() throws {
        let variables: [String: TemplateValue] = ["labels": .strings(["service": "api"]), "value": .number(0.1234)]
        #expect(try Template("{{ $labels.service }} at {{ $value | humanizePercentage }}").render(dot: .null, variables: variables) == "api at 12.34%")
        #expect(try Template("{{ $value }}").render(dot: .null, variables: variables) == "0.1234")
        #expect(try Template("{{ humanize 1234567 }}").render(dot: .null) == "1.235M")
        #expect(try Template("{{ humanizeDuration 3725 }}").render(dot: .null) == "1h 2m 5s")
        #expect(try Template(#"{{ printf "%.2f" $value }}"#).render(dot: .null, variables: variables) == "0.12")
    }

    @Test func alertmanagerNotificationTemplates() throws {
        let notification = AlertNotification(
            receiver: "slack", groupKey: "{}:{alertname=\"A\"}", groupLabels: ["alertname": "A", "service": "api"],
            alerts: [
                Alert(labels: ["alertname": "A"], annotations: ["summary": "one"], startsAt: .distantPast, endsAt: .distantFuture, updatedAt: .now),
                Alert(labels: ["alertname": "A", "x": "y"], annotations: ["summary": "two"], startsAt: .distantPast, endsAt: .distantPast, updatedAt: .now),
            ],
            externalURL: "http://sextant", at: .now
        )
        #expect(try Template(SlackMessage.defaultTitle).render(dot: notification.templateData) == "[FIRING:1] A api")
        #expect(try Template("{{ range .Alerts }}{{ .Annotations.summary }}({{ .Status }}) {{ end }}").render(dot: notification.templateData)
                == "one(firing) two(resolved) ")
        #expect(try Template(#"{{ if eq .Status "resolved" }}ok{{ else if eq .Status "firing" }}bad{{ else }}?{{ end }}"#).render(dot: notification.templateData) == "bad")
        #expect(try Template("{{- .CommonLabels.alertname -}}  !").render(dot: notification.templateData) == "A!")
    }

    @Test(arguments: ["{{ if .X }}", "{{ end }}", "{{ .X", "{{ nosuch .X }}"])
    func malformedTemplatesAreRejected(text: String) {
        #expect(throws: ValidationError.self) {
            _ = try Template(text).render(dot: .map([:]))
        }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func goTimestamps() {
        #expect(GoTime.format(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15T08:00:00Z")
        #expect(GoTime.format(Date(timeIntervalSince1970: 1_800_000_000.25)) == "2027-01-15T08:00:00.25Z")
        #expect(GoTime.parse("2027-01-15T08:00:00.25Z") == Date(timeIntervalSince1970: 1_800_000_000.25))
    }
}
