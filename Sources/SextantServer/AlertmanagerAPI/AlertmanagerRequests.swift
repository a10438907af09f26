import Foundation
import NIOCore
import SextantCore

/// Reads the bodies of Alertmanager's v2 API, refusing them as go-openapi's binding does.
enum AlertmanagerRequests {
    /// A silence as `POST /api/v2/silences` takes it.
    struct PostedSilence {
        var id: String?
        var silence: Silence
    }

    /// `postableAlerts`: an array of alerts, each with its `labels`. Well-formed bodies are
    /// read directly; anything else is read again, slowly, to say what is wrong with it.
    static func alerts(from body: ByteBuffer) throws(AlertmanagerError) -> [PostableAlert] {
        if let alerts = wellFormedAlerts(body.readableBytesView) { return alerts }
        return try describedAlerts(from: body)
    }

    /// The alerts of a body with nothing wrong in its shape, or `nil`. Read straight into
    /// alerts: this is the path every batch Prometheus sends takes.
    private static func wellFormedAlerts(_ bytes: ByteBufferView) -> [PostableAlert]? {
        bytes.withContiguousStorageIfAvailable { buffer -> [PostableAlert]? in
            var scanner = JSONScanner(bytes: buffer)
            var alerts: [PostableAlert] = []
            guard scanner.elements(into: { scanner in
                guard let alert = postableAlert(&scanner) else { return false }
                alerts.append(alert)
                return true
            }), scanner.isAtEnd else { return nil }
            return alerts
        } ?? nil
    }

    /// One alert of a batch; members Alertmanager does not know are skipped, and a member
    /// that is `null` counts as absent.
    private static func postableAlert(_ scanner: inout JSONScanner) -> PostableAlert? {
        var labels: [String: String]?
        var alert = PostableAlert(labels: [:], annotations: [:], startsAt: nil, endsAt: nil, generatorURL: "")
        func time(_ scanner: inout JSONScanner) -> Date?? {
            if scanner.null() { return .some(nil) }
            guard let text = scanner.string(), let date = GoTime.parse(text) else { return nil }
            return .some(date == zeroTime ? nil : date)
        }
        guard scanner.members(into: { key, scanner in
            switch key {
            case "labels":
                guard !scanner.null(), let map = scanner.stringMap() else { return false }
                labels = map
            case "annotations":
                if scanner.null() { alert.annotations = [:]; return true }
                guard let map = scanner.stringMap() else { return false }
                alert.annotations = map
            case "startsAt":
                guard let date = time(&scanner) else { return false }
                alert.startsAt = date
            case "endsAt":
                guard let date = time(&scanner) else { return false }
                alert.endsAt = date
            case "generatorURL":
                if scanner.null() { alert.generatorURL = ""; return true }
                guard let text = scanner.string() else { return false }
                alert.generatorURL = text
            default:
                return scanner.value() != nil
            }
            return true
        }), let labels else { return nil }
        alert.labels = labels
        return alert
    }

    /// Go's zero time, which Go clients (amtool) send for "not set".
    static let zeroTime = GoTime.parse(GoTime.zero)

    private static func describedAlerts(from body: ByteBuffer) throws(AlertmanagerError) -> [PostableAlert] {
        let document = try json(body, parsing: "alerts")
        guard let items = document as? [Any] else {
            throw unparsable("alerts", "json: cannot unmarshal \(kind(of: document)) into Go value of type models.PostableAlerts")
        }
        return try items.enumerated().map { (index, item) throws(AlertmanagerError) in
            guard let object = item as? [String: Any] else {
                throw unparsable("alerts", "json: cannot unmarshal \(kind(of: item)) into Go value of type models.PostableAlert")
            }
            guard let labelsValue = object["labels"], !(labelsValue is NSNull) else { throw missing("\(index).labels") }
            return PostableAlert(
                labels: try strings(labelsValue, "Alert.labels", parsing: "alerts"),
                annotations: try object["annotations"].map { value throws(AlertmanagerError) in try strings(value, "PostableAlert.annotations", parsing: "alerts") } ?? [:],
                startsAt: try time(object["startsAt"], parsing: "alerts"),
                endsAt: try time(object["endsAt"], parsing: "alerts"),
                generatorURL: object["generatorURL"] as? String ?? ""
            )
        }
    }

    /// `postableSilence`: matchers (at least one), start, end, author and comment.
    static func silence(from body: ByteBuffer, at now: Date) throws(AlertmanagerError) -> PostedSilence {
        let document = try json(body, parsing: "silence")
        guard let object = document as? [String: Any] else {
            throw unparsable("silence", "json: cannot unmarshal \(kind(of: document)) into Go value of type models.PostableSilence")
        }
        for field in ["comment", "createdBy", "endsAt", "matchers", "startsAt"] where object[field] == nil || object[field] is NSNull {
            throw missing(field)
        }
        guard let matcherItems = object["matchers"] as? [Any] else {
            throw unparsable("silence", "json: cannot unmarshal \(kind(of: object["matchers"]!)) into Go struct field PostableSilence.matchers of type models.Matchers")
        }
        guard !matcherItems.isEmpty else { throw .binding(.unprocessableContent, code: 612, "matchers in body should have at least 1 items") }
        var matchers: [LabelMatcher] = []
        for (index, item) in matcherItems.enumerated() {
            guard let matcher = item as? [String: Any] else {
                throw unparsable("silence", "json: cannot unmarshal \(kind(of: item)) into Go value of type models.Matcher")
            }
            for field in ["isRegex", "name", "value"] where matcher[field] == nil { throw missing("matchers.\(index).\(field)") }
            guard let name = matcher["name"] as? String, let value = matcher["value"] as? String, let isRegex = matcher["isRegex"] as? Bool else {
                throw unparsable("silence", "json: cannot unmarshal a matcher of the wrong type into Go value of type models.Matcher")
            }
            let isEqual = matcher["isEqual"] as? Bool ?? true
            do {
                matchers.append(try LabelMatcher(name: name, kind: isRegex ? (isEqual ? .regex : .notRegex) : (isEqual ? .equal : .notEqual), value: value))
            } catch {
                throw .message(.badRequest, "silence invalid: invalid label matcher \(index): \((error as? ValidationError)?.message ?? "\(error)")")
            }
        }
        guard let startsAt = try time(object["startsAt"], parsing: "silence"), let endsAt = try time(object["endsAt"], parsing: "silence") else {
            throw missing("startsAt")
        }
        guard let createdBy = object["createdBy"] as? String, let comment = object["comment"] as? String else {
            throw unparsable("silence", "json: cannot unmarshal a non-string into Go struct field PostableSilence.comment of type string")
        }
        if createdBy.isEmpty { throw missing("createdBy") }
        if comment.isEmpty { throw missing("comment") }
        let id = (object["id"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return PostedSilence(id: id, silence: Silence(id: id ?? "", matchers: matchers, startsAt: startsAt, endsAt: endsAt,
                                                      createdBy: createdBy, comment: comment, updatedAt: now))
    }

    /// The answer when a path's silence id is not a UUID.
    static func silenceID(_ text: String) throws(AlertmanagerError) -> String {
        guard UUID(uuidString: text) != nil else {
            throw .binding(.unprocessableContent, code: 601, "silenceID in path must be of type uuid: \(text.goQuoted)")
        }
        return text.lowercased()
    }

    private static func json(_ body: ByteBuffer, parsing what: String) throws(AlertmanagerError) -> Any {
        guard body.readableBytes > 0 else { throw missing(what) }
        do {
            return try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
        } catch {
            throw unparsable(what, "invalid JSON: \((error as NSError).localizedDescription)")
        }
    }

    private static func strings(_ value: Any, _ field: String, parsing what: String) throws(AlertmanagerError) -> [String: String] {
        guard let object = value as? [String: Any] else {
            throw unparsable(what, "json: cannot unmarshal \(kind(of: value)) into Go struct field \(field) of type models.LabelSet")
        }
        var result: [String: String] = [:]
        for (key, item) in object {
            guard let text = item as? String else {
                throw unparsable(what, "json: cannot unmarshal \(kind(of: item)) into Go struct field \(field) of type string")
            }
            result[key] = text
        }
        return result
    }

    private static func time(_ value: Any?, parsing what: String) throws(AlertmanagerError) -> Date? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String, let date = GoTime.parse(text) else {
            throw unparsable(what, "parsing time \("\(value)".goQuoted) as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 time")
        }
        return date == zeroTime ? nil : date
    }

    private static func kind(of value: Any) -> String {
        switch value {
        case is [String: Any]: "object"
        case is [Any]: "array"
        case is String: "string"
        case is NSNull: "null"
        default: "number"
        }
    }

    private static func missing(_ field: String) -> AlertmanagerError {
        .binding(.unprocessableContent, code: 602, "\(field) in body is required")
    }

    private static func unparsable(_ what: String, _ reason: String) -> AlertmanagerError {
        .binding(.badRequest, code: 400, "parsing \(what) body from \"\" failed, because \(reason)")
    }
}
