import SextantCore

/// What the alert listings read: the alerts held, the rule alerts pending and the marker that
/// tells each one's status.
struct AlertListing: Sendable {
    let held: [Alert]
    let pending: [AlertStatus]
    let marker: AlertMarker

    /// The statuses of the alerts whose labels `matchers` match, unordered. Graph annotations
    /// change no label, so the matchers are tried before anything else is worked out.
    func statuses(matching matchers: [LabelMatcher]) -> [AlertStatus] {
        held.compactMap { matchers.matches($0.labels) ? marker.status(of: $0) : nil } + pending.filter { matchers.matches($0.alert.labels) }
    }
}
